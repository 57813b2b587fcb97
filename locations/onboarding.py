"""Opening a clinic in one step: its site, its home page, its images, its editors.

``manage.py add_clinic`` and the demo loader both call :func:`onboard_clinic`,
so a demo clinic is set up exactly like a real one. Every step looks up what
exists first and creates only what is missing, so running it again for the
same clinic changes nothing.

What a clinic's editors may do comes from Wagtail's own permission models,
not from code of ours: a ``GroupPagePermission`` on the clinic page (which
covers every page below it) and ``GroupCollectionPermission`` on the clinic's
own collection. Outside them, Wagtail's admin refuses them everything: other
clinics' pages and images, and the master explainers (which they may still
choose as the master of a local page: the page chooser lists pages without
asking for edit rights).
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page, Site

from .models import ClinicPage, FrontendSettings

#: What a clinic's editors may do to pages under their clinic (Wagtail's page
#: permission types): create, edit and publish, lock and unlock. Not
#: ``bulk_delete``: deleting a page with children takes an administrator.
CLINIC_PAGE_PERMISSIONS = ("add", "change", "publish", "lock", "unlock")

#: What they may do in their clinic's collection: upload, edit and choose.
CLINIC_COLLECTION_PERMISSIONS = ("add", "change", "choose")

CREATED, UNCHANGED = "created", "unchanged"


@dataclass
class Onboarded:
    """What :func:`onboard_clinic` made or found, with a status for each part."""

    clinic: ClinicPage
    site: Site
    collection: Collection
    group: Group
    statuses: dict = field(default_factory=dict)


def page_permission(codename):
    """Wagtail's page permission ``codename`` ('add', 'publish', ...) as a Permission."""
    return Permission.objects.get(
        content_type=ContentType.objects.get_for_model(Page), codename=f"{codename}_page"
    )


def model_permissions(model, actions):
    content_type = ContentType.objects.get_for_model(model)
    codenames = [f"{action}_{model._meta.model_name}" for action in actions]
    return list(Permission.objects.filter(content_type=content_type, codename__in=codenames))


def admin_access():
    return Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")


def ensure_group(name, permissions=()):
    """The group ``name``, with at least ``permissions`` (Permission objects)."""
    group, created = Group.objects.get_or_create(name=name)
    missing = set(permissions) - set(group.permissions.all())
    if missing:
        group.permissions.add(*missing)
    return group, CREATED if created else UNCHANGED


def grant_pages(group, page, codenames):
    """Give ``group`` each page permission in ``codenames`` on ``page`` and its descendants."""
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=page_permission(codename)
        )


def grant_collection(group, collection, actions=CLINIC_COLLECTION_PERMISSIONS):
    """Give ``group`` ``actions`` on images and documents in ``collection`` (and below it)."""
    for model in (get_image_model(), get_document_model()):
        for permission in model_permissions(model, actions):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission
            )


def ensure_collection(name):
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=name).first()
    if collection is not None:
        return collection, UNCHANGED
    return root.add_child(instance=Collection(name=name)), CREATED


def editors_group_name(clinic_title):
    return f"{clinic_title} editors"


def validate_hostname(hostname):
    value = (hostname or "").strip().lower()
    if not value or "/" in value or ":" in value or " " in value:
        raise ValidationError(
            f"'{hostname}' is not a hostname: give the name only, without http:// or a "
            "port, e.g. calgary.example.com."
        )
    return value


@transaction.atomic
def onboard_clinic(
    *,
    name,
    hostname,
    port=80,
    frontend_url="",
    slug=None,
    clinic_fields=None,
    owner=None,
    required=(),
):
    """Create (or find) everything a new clinic needs; returns :class:`Onboarded`.

    - the clinic page at the top of the tree, published, from ``clinic_fields``
      (address, phone, position...), validated like the admin form validates it;
    - a Wagtail Site on ``hostname:port`` rooted at it, and its front-end URL;
    - an image and document collection named after the clinic;
    - a "<clinic> editors" group with admin access, page permissions on the
      clinic and collection permissions on its collection.

    An existing clinic page (same slug) is kept as it is: this sets a clinic
    up, it does not overwrite an editor's work. Raises ``ValidationError``
    with what to fix when a value is wrong or one of ``required`` is missing.
    """
    hostname = validate_hostname(hostname)
    slug = slug or slugify(name)
    statuses = {}
    root = Page.get_first_root_node()

    clinic = ClinicPage.objects.child_of(root).filter(slug=slug).first()
    if clinic is None:
        missing = [key for key in required if key not in (clinic_fields or {})]
        if missing:
            raise ValidationError(dict.fromkeys(missing, "Required for a new clinic."))
        other = Site.objects.filter(hostname=hostname, port=port).first()
        if other is not None:
            raise ValidationError(
                f"{hostname}:{port} already serves '{other.root_page.title}'. Choose another "
                "hostname, or give that clinic's slug to set it up again."
            )
        clinic = ClinicPage(title=name, slug=slug, owner=owner, **(clinic_fields or {}))
        clinic.full_clean(exclude=["path", "depth", "url_path", "translation_key", "locale"])
        root.add_child(instance=clinic)
        clinic.save_revision(user=owner).publish(user=owner)
        clinic = ClinicPage.objects.get(pk=clinic.pk)
        statuses["clinic page"] = CREATED
    else:
        statuses["clinic page"] = UNCHANGED

    site = Site.objects.filter(root_page=clinic).first()
    if site is None:
        site = Site.objects.filter(hostname=hostname, port=port).first() or Site(
            hostname=hostname, port=port
        )
        site.root_page = clinic
        site.site_name = site.site_name or clinic.title
        site.save()
        statuses["site"] = CREATED
    else:
        statuses["site"] = UNCHANGED

    if frontend_url:
        settings = FrontendSettings.for_site(site)
        if settings.frontend_url != frontend_url:
            settings.frontend_url = frontend_url
            settings.full_clean()
            settings.save()
            statuses["front end"] = CREATED
        else:
            statuses["front end"] = UNCHANGED

    collection, statuses["collection"] = ensure_collection(clinic.title)
    group, statuses["editors group"] = ensure_group(
        editors_group_name(clinic.title), [admin_access()]
    )
    grant_pages(group, clinic, CLINIC_PAGE_PERMISSIONS)
    grant_collection(group, collection)
    return Onboarded(clinic, site, collection, group, statuses)
