"""Grow a page's child rows, or the site around it, to show a query count does not grow.

Every page type's HTML and API detail are measured at two sizes of the rows
the page shows (uses, risk lists and items, sources, practitioners, opening
hours, images) and two sizes of the rest of the site (other explainers,
clinics and local pages); the count must stay the same, and at most
:data:`MAX_QUERIES`.
"""

from datetime import date, timedelta

import wagtail_factories

from locations.models import (
    ClinicPractitioner,
    LocalTreatmentPractitioner,
    OpeningHours,
    SpecialHours,
)
from treatment_pages.models import TreatmentPageRiskList, TreatmentPageSource, TreatmentUse

from .factories import (
    ClinicPageFactory,
    EvidenceSourceFactory,
    LocalTreatmentPageFactory,
    PractitionerFactory,
    RiskItemFactory,
    RiskListFactory,
    TreatmentPageFactory,
)

#: What one page costs to render or serialise without the response cache.
MAX_QUERIES = 10

MORE = 4


def image():
    return wagtail_factories.ImageFactory(file__width=120, file__height=90)


def with_images(page):
    """A hero image on the explainer (a local page's master) and a photo for each practitioner.

    Renditions are read in one query whatever the number of images, but only
    when there is an image: both sizes measured have some.
    """
    explainer = getattr(page, "master", page)
    if hasattr(explainer, "hero_image"):
        explainer.hero_image = image()
        explainer.save(update_fields=["hero_image"])
    links = page.practitioner_links.all() if hasattr(page, "practitioner_links") else []
    for link in links:
        link.practitioner.photo = image()
        link.practitioner.save(update_fields=["photo"])
    return page


def grow_explainer(treatment):
    """More uses, sources, risk lists and risk items (each with a source)."""
    for i in range(MORE):
        TreatmentUse.objects.create(
            page=treatment, name=f"Extra use {i}", category="therapeutic", sort_order=10 + i
        )
        TreatmentPageSource.objects.create(
            page=treatment, source=EvidenceSourceFactory(), sort_order=10 + i
        )
        risk_list = RiskListFactory(items=0)
        for j in range(MORE):
            RiskItemFactory(risk_list=risk_list, sort_order=j, source=EvidenceSourceFactory())
        TreatmentPageRiskList.objects.create(page=treatment, risk_list=risk_list, sort_order=10 + i)
    for link in treatment.risk_list_links.all():
        RiskItemFactory(risk_list=link.risk_list, sort_order=99)


def grow_clinic(clinic):
    """More opening hours, special days and practitioners (with photos)."""
    for i in range(MORE):
        OpeningHours.objects.create(clinic=clinic, weekday=i, opens="18:00", closes="20:00")
        SpecialHours.objects.create(
            clinic=clinic, date=date.today() + timedelta(days=i + 1), label="Holiday", closed=True
        )
        ClinicPractitioner.objects.create(
            clinic=clinic, practitioner=PractitionerFactory(photo=image()), sort_order=10 + i
        )


def grow_local_page(page):
    """More practitioners (with photos) on the page, and more of its master's and clinic's rows."""
    for i in range(MORE):
        LocalTreatmentPractitioner.objects.create(
            page=page, practitioner=PractitionerFactory(photo=image()), sort_order=10 + i
        )
    grow_explainer(page.master)
    grow_clinic(page.clinic)


def grow_site(library, clinic, root_page):
    """More explainers in the library, local pages at ``clinic``, and other clinics."""
    for _ in range(MORE):
        master = TreatmentPageFactory(parent=library)
        LocalTreatmentPageFactory(parent=clinic, master=master).save_revision().publish()
        other = ClinicPageFactory(parent=root_page, practitioners=[PractitionerFactory()])
        other.save_revision().publish()
        LocalTreatmentPageFactory(parent=other, master=master).save_revision().publish()


def counts_as_it_grows(count, grow_rows, grow_data):
    """Counts: as is, with more child rows, then with more of the site too."""
    counts = [count()]
    grow_rows()
    counts.append(count())
    grow_data()
    counts.append(count())
    return counts
