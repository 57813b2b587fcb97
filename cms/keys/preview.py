"""Draft preview on a site's own front end: signed, expiring tokens for one page revision.

An editor's "Preview on <site>" link (``wagtail_hooks.py``) mints a token
naming a page, one of its revisions and the site to show it on, and sends the
editor to that site's preview address (``FrontendSettings.preview_url``). The
front end passes the token, with its API key, to ``/api/v2/preview/``
(``api.py``), which answers with that revision in the shape of the pages
detail endpoint.

The token is ``django.core.signing`` output with its own salt: it cannot be
made or altered without ``SECRET_KEY``, and it expires after
``PREVIEW_MAX_AGE`` seconds. It grants nothing on its own: the request needs
a key of the same site too.
"""

from dataclasses import dataclass

from django.core import signing

from locations.models import FrontendSettings, LocalTreatmentPage

from .conf import get_setting

SALT = "cms.keys.preview"


class PreviewTokenExpired(Exception):
    pass


class PreviewTokenInvalid(Exception):
    pass


@dataclass(frozen=True)
class PreviewGrant:
    page_id: int
    revision_id: int
    site_id: int


def make_token(page_id, revision_id, site_id):
    return signing.dumps({"page": page_id, "revision": revision_id, "site": site_id}, salt=SALT)


def read_token(token):
    """The :class:`PreviewGrant` a token carries; raises if it expired or was not made here."""
    try:
        data = signing.loads(token, salt=SALT, max_age=get_setting("PREVIEW_MAX_AGE"))
    except signing.SignatureExpired as e:
        raise PreviewTokenExpired from e
    except signing.BadSignature as e:
        raise PreviewTokenInvalid from e
    try:
        return PreviewGrant(
            page_id=_id(data["page"]), revision_id=_id(data["revision"]), site_id=_id(data["site"])
        )
    except (KeyError, TypeError, ValueError) as e:
        raise PreviewTokenInvalid from e


def _id(value):
    if type(value) is not int or value <= 0:
        raise ValueError(value)
    return value


def site_serves(site, page):
    """Whether ``site`` shows ``page``: its own pages, and the masters its local pages localise.

    The pages endpoint serves the same (``locations.api``), except that a
    draft local page counts here: an editor may preview a master on a clinic
    site before the clinic's version is published.
    """
    root_path = site.root_page.path
    if page.path.startswith(root_path):
        return True
    return LocalTreatmentPage.objects.filter(master_id=page.pk, path__startswith=root_path).exists()


def preview_sites(page):
    """The sites ``page`` can be previewed on, each with its preview settings, by name.

    A page's own site; for a master explainer, also every clinic site with a
    local page of it. Only sites whose front end has a preview address.
    """
    settings = {
        setting.site_id: setting
        for setting in FrontendSettings.objects.exclude(preview_url="").select_related(
            "site__root_page"
        )
    }
    if not settings:
        return []
    paths = [
        page.path,
        *LocalTreatmentPage.objects.filter(master_id=page.pk).values_list("path", flat=True),
    ]
    found = [
        (setting.site, setting)
        for setting in settings.values()
        if any(path.startswith(setting.site.root_page.path) for path in paths)
    ]
    return sorted(found, key=lambda pair: site_label(pair[0]).lower())


def site_label(site):
    return site.site_name or site.hostname
