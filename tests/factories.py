"""Factories for every content type; pages are created live unless ``live=False``.

Explainers are built complete (reviewer, review dates, sources, a risk list)
so that they pass the publish-time checks.
"""

from datetime import date, timedelta

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from locations.models import (
    ClinicPage,
    ClinicPractitioner,
    LocalTreatmentPage,
    LocalTreatmentPractitioner,
    OpeningHours,
    Practitioner,
)
from treatment_pages.models import (
    EvidenceSource,
    Reviewer,
    RiskItem,
    RiskList,
    TreatmentLibraryPage,
    TreatmentPage,
    TreatmentPageRiskList,
    TreatmentPageSource,
    TreatmentUse,
)


class ReviewerFactory(DjangoModelFactory):
    class Meta:
        model = Reviewer

    name = factory.Sequence(lambda n: f"Dr. Reviewer {n}")
    credentials = "DMD"
    regulator = "College of Dental Surgeons of Alberta"
    registration_number = factory.Sequence(lambda n: f"AB-{1000 + n}")


class EvidenceSourceFactory(DjangoModelFactory):
    class Meta:
        model = EvidenceSource

    citation = factory.Sequence(lambda n: f"Product monograph {n}. Health Canada; 2024.")
    source_type = "monograph"
    url = factory.Sequence(lambda n: f"https://evidence.example.test/{n}")


class RiskListFactory(DjangoModelFactory):
    class Meta:
        model = RiskList
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Risk list {n}")
    introduction = "Side effects are uncommon and usually settle within days."

    @factory.post_generation
    def items(obj, create, extracted, **kwargs):
        if not create:
            return
        count = 3 if extracted is None else extracted
        for i in range(count):
            RiskItemFactory(risk_list=obj, sort_order=i)


class RiskItemFactory(DjangoModelFactory):
    class Meta:
        model = RiskItem

    risk_list = factory.SubFactory(RiskListFactory, items=0)
    name = factory.Sequence(lambda n: f"Side effect {n}")
    description = "Mild and short-lived."
    frequency = "rare"
    serious = False
    typical_duration = "a few days"
    action = "self_care"


class TreatmentLibraryPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = TreatmentLibraryPage

    title = "Treatments"


class TreatmentPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = TreatmentPage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Treatment {n}")
    summary = "A short, plain summary of the treatment."
    how_it_works = "<p>It relaxes the treated muscles.</p>"
    cost_and_coverage = "<p>Private insurance often covers part of therapeutic use.</p>"
    onset_min, onset_max, onset_unit = 2, 3, "days"
    full_effect_min, full_effect_max, full_effect_unit = None, 2, "weeks"
    duration_min, duration_max, duration_unit = 3, 6, "months"
    cta_heading = "Is this treatment right for you?"
    cta_text = "Book an exam to talk about your options."
    # Created even when the page is only built: a built page is saved with add_child.
    reviewer = factory.LazyFunction(lambda: ReviewerFactory.create())
    last_reviewed = factory.LazyFunction(lambda: date.today() - timedelta(days=30))
    next_review_due = factory.LazyFunction(lambda: date.today() + timedelta(days=300))
    timing_source = factory.LazyFunction(lambda: EvidenceSourceFactory.create())
    body = factory.LazyFunction(
        lambda: [
            (
                "section",
                {"heading": "Who is it for?", "content": "<p>Adults with jaw pain.</p>"},
            ),
            ("callout", {"tone": "info", "heading": "", "text": "<p>Ask us anything.</p>"}),
        ]
    )

    @factory.post_generation
    def uses(obj, create, extracted, **kwargs):
        if not create:
            return
        uses = (
            extracted
            if extracted is not None
            else [
                ("Frown lines", "cosmetic"),
                ("Teeth grinding", "therapeutic"),
            ]
        )
        for i, (name, category) in enumerate(uses):
            TreatmentUse.objects.create(page=obj, name=name, category=category, sort_order=i)

    @factory.post_generation
    def sources(obj, create, extracted, **kwargs):
        if not create:
            return
        sources = extracted if extracted is not None else [obj.timing_source]
        for i, source in enumerate(s for s in sources if s):
            TreatmentPageSource.objects.create(page=obj, source=source, sort_order=i)

    @factory.post_generation
    def risk_lists(obj, create, extracted, **kwargs):
        if not create:
            return
        lists = extracted if extracted is not None else [RiskListFactory()]
        for i, risk_list in enumerate(lists):
            TreatmentPageRiskList.objects.create(page=obj, risk_list=risk_list, sort_order=i)

    @factory.post_generation
    def publish(obj, create, extracted, **kwargs):
        """Publish last, so the live revision holds the rows above; ``publish=False`` skips."""
        if create and extracted is not False:
            obj.save_revision().publish()


class PractitionerFactory(DjangoModelFactory):
    class Meta:
        model = Practitioner

    name = factory.Sequence(lambda n: f"Dr. Practitioner {n}")
    credentials = "DMD"
    role = "General dentist"


class ClinicPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ClinicPage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Clinic {n}")
    street_address = "1200 17 Ave SW"
    city = "Calgary"
    province = "AB"
    postal_code = "T2T 0B5"
    phone = "+14035550134"
    email = "hello@clinic.example.test"
    booking_url = "https://book.example.test/clinic"
    latitude = "51.037800"
    longitude = "-114.087200"
    time_zone = "America/Edmonton"

    @factory.post_generation
    def hours(obj, create, extracted, **kwargs):
        if not create:
            return
        for day in range(5) if extracted is None else extracted:
            OpeningHours.objects.create(clinic=obj, weekday=day, opens="08:00", closes="17:00")

    @factory.post_generation
    def practitioners(obj, create, extracted, **kwargs):
        if not create:
            return
        for i, practitioner in enumerate(extracted or []):
            ClinicPractitioner.objects.create(clinic=obj, practitioner=practitioner, sort_order=i)


class LocalTreatmentPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = LocalTreatmentPage
        skip_postgeneration_save = True

    title = factory.LazyAttribute(lambda o: o.master.title)
    master = factory.SubFactory(TreatmentPageFactory)
    price_from = "350.00"
    price_to = None
    price_note = "per treatment area"

    @factory.post_generation
    def practitioners(obj, create, extracted, **kwargs):
        if not create:
            return
        for i, practitioner in enumerate(extracted or []):
            LocalTreatmentPractitioner.objects.create(
                page=obj, practitioner=practitioner, sort_order=i
            )
