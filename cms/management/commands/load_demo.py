"""``manage.py load_demo``: build (or bring up to date) the demo content and sites.

Safe to run any number of times: everything is looked up by slug or name and
written only when it differs from ``cms.demo.content``, so a second run
changes nothing. The content itself lives in ``cms/demo/content.py``.

Part of it is translated into French (``content.FRENCH``): each translation is
found through its English source and made as the admin's Translate action
makes it, then kept in line with the French wording like any other object.
"""

import io
import logging
from contextlib import contextmanager
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Site

from cms.access import CLINICAL_REVIEWERS, CLINICAL_TEAM, ensure_clinical_review
from cms.demo import content
from cms.demo.images import hero_image, portrait_image
from cms.demo.sync import (
    CREATED,
    UNCHANGED,
    UPDATED,
    apply_values,
    sync_object,
    sync_page,
    sync_page_translation,
    sync_translation,
)
from cms.i18n import bcp47
from locations.models import ClinicPage, LocalTreatmentPage, Practitioner
from locations.onboarding import CLINIC_PAGE_PERMISSIONS, grant_pages, onboard_clinic
from treatment_pages.conf import get_setting
from treatment_pages.models import (
    EvidenceSource,
    Reviewer,
    RiskList,
    TreatmentLibraryPage,
    TreatmentPage,
)
from treatment_pages.models.governance import add_months

ADMIN_USERNAME, ADMIN_PASSWORD = "admin", "changeme"  # noqa: S105 - documented demo login

#: Loggers that report every page save and search-index task; the command's own
#: progress lines say the same more briefly, so they are muted below verbosity 2.
NOISY_LOGGERS = ("wagtail", "django_tasks")

CLINIC_FIELDS = (
    "title search_description introduction street_address city province "
    "postal_code phone email booking_url latitude longitude time_zone"
).split()


@contextmanager
def quiet_loggers(*names):
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


class Command(BaseCommand):
    help = "Create or update the demo treatment library, clinics and their sites (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--port",
            type=int,
            default=8000,
            help="Port the sites are served on, used for their URLs (default: 8000).",
        )
        parser.add_argument(
            "--image-width",
            type=int,
            default=1920,
            help="Width in pixels of newly drawn hero images (default: 1920; tests use less).",
        )

    def handle(self, *args, port, image_width, **options):
        self.verbosity = options["verbosity"]
        self.counts = {CREATED: 0, UPDATED: 0, UNCHANGED: 0}
        self.unchanged_in_step = 0
        with quiet_loggers(*([] if self.verbosity > 1 else NOISY_LOGGERS)):
            self.load(port, image_width)
        self.end_step()
        self.stdout.write(
            self.style.SUCCESS(
                "Demo content is ready: {created} created, {updated} updated, "
                "{unchanged} unchanged.".format(**self.counts)
            )
        )

    def load(self, port, image_width):
        with transaction.atomic():
            self.french = Locale.objects.filter(language_code=content.FRENCH_LOCALE).first()
            owner = self.ensure_superuser()
            images = self.load_images(image_width)
            risk_lists = self.load_risk_lists()
            reviewers, sources = self.load_review_data()
            practitioners = self.load_practitioners(images)
            library = self.load_library(port, owner)
            treatments = self.load_treatments(
                library, images, risk_lists, (reviewers, sources), owner
            )
            self.load_clinics(port, owner, practitioners, treatments)
            self.load_roles([library, *self.translations_of(library)])
        self.make_renditions(images.values())

    # --- output -------------------------------------------------------------

    def heading(self, text):
        self.end_step()
        if self.verbosity:
            self.stdout.write(self.style.MIGRATE_HEADING(text))

    def end_step(self):
        """At verbosity 1, sum up the unchanged objects of a step in one line."""
        if self.unchanged_in_step and self.verbosity == 1:
            self.stdout.write(f"  {self.unchanged_in_step} already up to date")
        self.unchanged_in_step = 0

    def report(self, kind, label, status):
        self.counts[status] += 1
        if status == UNCHANGED and self.verbosity < 2:
            self.unchanged_in_step += 1
        elif self.verbosity:
            style = {CREATED: self.style.SUCCESS, UPDATED: self.style.WARNING}.get(status, str)
            self.stdout.write(f"  {style(status.ljust(9))} {kind}: {label}")

    # --- French (fr-CA) -----------------------------------------------------

    def translate(self, kind, source, values, children=None):
        """Bring ``source``'s French translation in line with ``values``; return it.

        ``values`` and ``children`` are the source's, with the French wording
        laid over them; references (risk lists, reviewer, master) are moved to
        their French translations. Returns None when French is not one of the
        project's content languages.
        """
        if self.french is None:
            return None
        if isinstance(source, Page):
            translation, status = sync_page_translation(source, self.french, values, children)
        else:
            translation, status = sync_translation(source, self.french, values, children)
        label = getattr(translation, "title", None) or getattr(translation, "name", translation)
        self.report(f"{kind} ({bcp47(self.french.language_code)})", label, status)
        return translation

    def translations_of(self, page):
        return list(page.get_translations()) if self.french is not None else []

    # --- steps --------------------------------------------------------------

    def ensure_superuser(self):
        """The documented demo login, created once; an existing 'admin' is never changed."""
        self.heading("Admin user")
        User = get_user_model()
        user = User.objects.filter(username=ADMIN_USERNAME).first()
        if user is not None:
            if self.verbosity:
                self.stdout.write(
                    f"  User '{ADMIN_USERNAME}' already exists; its password is unchanged."
                )
            return user
        user = User.objects.create_superuser(ADMIN_USERNAME, "admin@example.com", ADMIN_PASSWORD)
        if self.verbosity:
            self.stdout.write(
                f"  {self.style.SUCCESS('created  ')} superuser: log in to /admin/ as "
                f"'{ADMIN_USERNAME}' with password '{ADMIN_PASSWORD}'."
            )
        return user

    def load_images(self, width):
        """Draw and store the artwork in a "Demo" collection; existing images are kept."""
        self.heading("Images")
        root = Collection.get_first_root_node()
        collection = root.get_children().filter(name="Demo").first()
        if collection is None:
            collection = root.add_child(name="Demo")
            self.report("collection", "Demo", CREATED)

        images = {}
        for key, spec in content.HERO_IMAGES.items():
            images[key] = self.sync_image(
                collection,
                spec["title"],
                spec["alt"],
                f"{key}.jpg",
                lambda spec=spec: hero_image(
                    spec["title"], spec["subtitle"], spec["colours"], width
                ),
            )
        for i, person in enumerate(content.PRACTITIONERS):
            colours = content.PORTRAIT_COLOURS[i % len(content.PORTRAIT_COLOURS)]
            title = f"Portrait placeholder: {person['name']}"
            images[person["name"]] = self.sync_image(
                collection,
                title,
                f"Placeholder portrait showing the initials of {person['name']}.",
                f"portrait-{i + 1}.jpg",
                lambda person=person, colours=colours: portrait_image(
                    person["name"], colours, max(width // 3, 64)
                ),
            )
        return images

    def sync_image(self, collection, title, alt, filename, draw):
        Image = get_image_model()
        image = Image.objects.filter(collection=collection, title=title).first()
        if image is None:
            image = Image(title=title, description=alt, collection=collection)
            image.file = ImageFile(io.BytesIO(draw()), name=filename)
            image.save()
            status = CREATED
        elif apply_values(image, {"description": alt}):
            image.save()
            status = UPDATED
        else:
            status = UNCHANGED
        self.report("image", title, status)
        return image

    def load_risk_lists(self):
        self.heading("Risk lists")
        risk_lists = {}
        for spec in content.RISK_LISTS:
            rows = [dict(item) for item in spec["items"]]
            risk_list, status = sync_object(
                RiskList,
                {"name": spec["name"], "locale": Locale.get_default()},
                {"introduction": spec["introduction"]},
                children={"items": rows},
            )
            risk_lists[spec["name"]] = risk_list
            self.report("risk list", spec["name"], status)
            french = content.FRENCH["risk_lists"].get(spec["name"])
            if french is not None:
                # Frequency, "serious" and "what to do" are the English items'.
                items = [{**row, **item} for row, item in zip(rows, french["items"], strict=True)]
                values = {"name": french["name"], "introduction": french["introduction"]}
                self.translate("risk list", risk_list, values, {"items": items})
        return risk_lists

    def load_review_data(self):
        self.heading("Reviewers and evidence sources")
        reviewers, sources = {}, {}
        for spec in content.REVIEWERS:
            values = {k: v for k, v in spec.items() if k != "name"}
            lookup = {"name": spec["name"], "locale": Locale.get_default()}
            reviewer, status = sync_object(Reviewer, lookup, values)
            reviewers[spec["name"]] = reviewer
            self.report("reviewer", spec["name"], status)
            french = content.FRENCH["reviewers"].get(spec["name"])
            if french is not None:
                self.translate("reviewer", reviewer, {**values, **french})
        for spec in content.SOURCES:
            values = {k: v for k, v in spec.items() if k not in ("key", "citation")}
            source, status = sync_object(EvidenceSource, {"citation": spec["citation"]}, values)
            sources[spec["key"]] = source
            self.report("source", str(source), status)
        return reviewers, sources

    def load_practitioners(self, images):
        self.heading("Practitioners")
        practitioners = {}
        for spec in content.PRACTITIONERS:
            values = {key: spec[key] for key in ("credentials", "role", "bio")}
            values["photo"] = images[spec["name"]]
            practitioner, status = sync_object(Practitioner, {"name": spec["name"]}, values)
            practitioners[spec["name"]] = practitioner
            self.report("practitioner", spec["name"], status)
        return practitioners

    def load_library(self, port, owner):
        """The library is the root of the default site, in place of Wagtail's welcome page."""
        self.heading("Treatment library and default site")
        spec = content.LIBRARY
        root = Page.get_first_root_node()
        values = {
            "title": spec["title"],
            "search_description": spec["search_description"],
            "introduction": spec["introduction"],
        }
        library, status = sync_page(root, TreatmentLibraryPage, spec["slug"], values, owner=owner)
        self.report("page", library.title, status)
        # The French home page of the default site: /fr-ca/ serves it.
        self.translate("page", library, {**values, **content.FRENCH["library"]})

        site = (
            Site.objects.filter(hostname=spec["hostname"], port=port).first()
            or Site.objects.filter(is_default_site=True).first()
        )
        self.sync_site(
            site,
            hostname=spec["hostname"],
            port=port,
            root_page=library,
            site_name=spec["site_name"],
            is_default_site=True,
        )
        self.remove_welcome_page(root)
        return library

    def sync_site(self, site, **values):
        created = site is None
        site = site or Site()
        changed = apply_values(site, values)
        if created or changed:
            site.save()
        status = CREATED if created else UPDATED if changed else UNCHANGED
        self.report("site", f"{site.hostname}:{site.port}", status)
        return site

    def remove_welcome_page(self, root):
        """Delete Wagtail's initial "Welcome" page once no site uses it.

        Only a plain, childless ``Page`` with the initial slug is removed, so a
        page an editor has built is never touched.
        """
        plain_page = ContentType.objects.get_for_model(Page)
        welcome = (
            Page.objects.child_of(root)
            .filter(slug="home", content_type=plain_page, numchild=0)
            .exclude(sites_rooted_here__isnull=False)
            .first()
        )
        if welcome is not None:
            welcome.delete()
            if self.verbosity:
                self.stdout.write(f"  {self.style.WARNING('removed  ')} page: {welcome.title}")

    def load_treatments(self, library, images, risk_lists, review_data, owner):
        self.heading("Treatment explainers")
        reviewers, sources = review_data
        # Review dates follow the calendar so the demo never falls overdue: each
        # explainer was last reviewed on the first of a recent month.
        this_month = date.today().replace(day=1)
        treatments = {}
        for spec in content.TREATMENTS:
            review = content.REVIEWS[spec["slug"]]
            last_reviewed = add_months(this_month, -review["months_ago"])
            values = {
                "title": spec["title"],
                "search_description": spec["search_description"],
                "summary": spec["summary"],
                "hero_image": images[spec["hero_image"]],
                "how_it_works": spec["how_it_works"],
                **spec["timing"],
                "cost_and_coverage": spec["cost_and_coverage"],
                "body": spec["body"],
                "cta_heading": spec["cta_heading"],
                "cta_text": spec["cta_text"],
                "reviewer": reviewers[review["reviewer"]],
                "last_reviewed": last_reviewed,
                "next_review_due": add_months(last_reviewed, 12),
                "timing_source": sources[review["timing_source"]],
            }
            children = {
                "uses": [{"name": name, "category": cat} for name, cat in spec["uses"]],
                "risk_list_links": [{"risk_list": risk_lists[n]} for n in spec["risk_lists"]],
                "source_links": [{"source": sources[key]} for key in review["sources"]],
            }
            page, status = sync_page(library, TreatmentPage, spec["slug"], values, children, owner)
            treatments[spec["slug"]] = page
            self.report("explainer", page.title, status)
            french = content.FRENCH["treatments"].get(spec["slug"])
            if french is not None:
                self.translate_treatment(page, values, children, french)
        return treatments

    def translate_treatment(self, page, values, children, french):
        """The explainer in French: timing, review and sources stay; uses keep their categories."""
        uses = [
            {**row, "name": name}
            for row, name in zip(children["uses"], french["uses"], strict=True)
        ]
        wording = {name: value for name, value in french.items() if name != "uses"}
        self.translate("explainer", page, {**values, **wording}, {**children, "uses": uses})

    def load_roles(self, libraries):
        """The clinical team, its reviewers and the "Clinical review" workflow on the library.

        ``libraries`` is the library and its translations: French explainers
        go through the same review.
        """
        self.heading("Clinical team and review workflow")
        for library in libraries:
            ensure_clinical_review(library)
        team = Group.objects.get(name=CLINICAL_TEAM)
        reviewers = Group.objects.get(name=CLINICAL_REVIEWERS)
        self.ensure_demo_user(content.CLINICAL_WRITER, [team])
        self.ensure_demo_user(content.CLINICAL_REVIEWER, [team, reviewers])

    def ensure_demo_user(self, username, groups):
        """A documented demo login, created once with password 'changeme'; kept if it exists."""
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        created = user is None
        if created:
            user = User.objects.create_user(username, f"{username}@example.com", ADMIN_PASSWORD)
        missing = set(groups) - set(user.groups.all())
        if missing:
            user.groups.add(*missing)
        status = CREATED if created else UPDATED if missing else UNCHANGED
        self.report("user", f"{username} (password '{ADMIN_PASSWORD}')", status)
        return user

    def load_clinics(self, port, owner, practitioners, treatments):
        root = Page.get_first_root_node()
        for spec in content.CLINICS:
            self.heading(f"{spec['title']} ({spec['hostname']})")
            children = {
                "opening_hours": [
                    {"weekday": day, "opens": opens, "closes": closes}
                    for day, opens, closes in spec["hours"]
                ],
                "special_hours": [
                    {
                        "date": day,
                        "label": label,
                        "closed": opens is None,
                        "opens": opens,
                        "closes": closes,
                    }
                    for day, label, opens, closes in spec.get("special_hours", [])
                ],
                "practitioner_links": [
                    {"practitioner": practitioners[name]} for name in spec["practitioners"]
                ],
            }
            clinic, status = sync_page(
                root,
                ClinicPage,
                spec["slug"],
                {name: spec[name] for name in CLINIC_FIELDS},
                children,
                owner,
            )
            self.report("clinic", clinic.title, status)
            self.sync_site(
                Site.objects.filter(root_page=clinic).first()
                or Site.objects.filter(hostname=spec["hostname"], port=port).first(),
                hostname=spec["hostname"],
                port=port,
                root_page=clinic,
                site_name=spec["title"],
                is_default_site=False,
            )
            # The same set-up as `manage.py add_clinic`: collection and editors group.
            onboarded = onboard_clinic(
                name=spec["title"], hostname=spec["hostname"], port=port, slug=spec["slug"]
            )
            for part in ("collection", "editors group"):
                self.report(part, f"{onboarded.clinic.title}", onboarded.statuses[part])
            self.ensure_demo_user(spec["editor"], [onboarded.group])
            french = content.FRENCH["clinics"].get(spec["slug"], {})
            if french:
                self.translate_clinic(clinic, spec, children, french, onboarded.group)
            for local in spec["treatments"]:
                page, values, local_children = self.load_local_page(
                    clinic, local, owner, practitioners, treatments
                )
                french_local = french.get("treatments", {}).get(local["master"])
                if french_local is not None:
                    self.translate_local_page(page, values, local_children, french_local)

    def translate_clinic(self, clinic, spec, children, french, group):
        """The clinic in French, the French home page of its site; its editors edit it too.

        Address, hours and practitioners are the English page's; special days
        get French labels.
        """
        special_hours = [
            {**row, "label": label}
            for row, label in zip(children["special_hours"], french["special_hours"], strict=True)
        ]
        wording = {name: french[name] for name in ("title", "search_description", "introduction")}
        values = {name: spec[name] for name in CLINIC_FIELDS} | wording
        translation = self.translate(
            "clinic", clinic, values, {**children, "special_hours": special_hours}
        )
        if translation is not None:
            grant_pages(group, translation, CLINIC_PAGE_PERMISSIONS)

    def translate_local_page(self, page, values, children, french):
        """A local page in French, titled and addressed as its French master explainer."""
        if self.french is None:
            return
        master = page.master.get_translation_or_none(self.french)
        if master is None:
            raise CommandError(
                f"The local page {page.url_path} is translated in cms.demo.content.FRENCH but "
                f"its master explainer '{page.master.title}' is not: translate the explainer too."
            )
        wording = {"title": master.title, "slug": master.slug, **french}
        self.translate("local page", page, {**values, **wording}, children)

    def load_local_page(self, clinic, spec, owner, practitioners, treatments):
        master = treatments[spec["master"]]
        values = {
            "title": master.title,
            "master": master,
            "introduction": spec.get("introduction", ""),
            "local_summary": spec.get("local_summary", ""),
            "price_from": spec["price_from"],
            "price_to": spec["price_to"],
            "price_note": spec["price_note"],
            "coverage_notes": spec.get("coverage_notes", ""),
        }
        children = {
            "practitioner_links": [
                {"practitioner": practitioners[name]} for name in spec["practitioners"]
            ]
        }
        page, status = sync_page(clinic, LocalTreatmentPage, master.slug, values, children, owner)
        self.report("local page", page.title, status)
        return page, values, children

    def make_renditions(self, images):
        """Render every size the API and templates ask for, so first requests are fast."""
        specs = {*get_setting("IMAGE_RENDITIONS"), get_setting("HERO_IMAGE_SRC")}
        self.heading(f"Image renditions ({', '.join(sorted(specs))})")
        for image in images:
            image.get_renditions(*specs)
        if self.verbosity:
            self.stdout.write(f"  {len(images)} images ready")
