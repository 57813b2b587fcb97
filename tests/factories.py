"""Factories for every content type; pages are created live unless ``live=False``."""

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
    RiskItem,
    RiskList,
    TreatmentLibraryPage,
    TreatmentPage,
    TreatmentPageRiskList,
    TreatmentUse,
)


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
    def risk_lists(obj, create, extracted, **kwargs):
        if not create:
            return
        lists = extracted if extracted is not None else [RiskListFactory()]
        for i, risk_list in enumerate(lists):
            TreatmentPageRiskList.objects.create(page=obj, risk_list=risk_list, sort_order=i)
        # Publishing last makes the live revision include the child rows above.
        if getattr(obj, "_publish", True):
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
