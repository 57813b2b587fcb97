"""Issuing, rotating and revoking keys in the admin, and editors' "Preview on <site>" links."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from wagtail.models import Site

from cms.keys.models import ApiKey, hash_key
from cms.keys.preview import read_token
from locations.models import FrontendSettings

from ...conftest import CALGARY_HOST, EDMONTON_HOST
from .conftest import LIBRARY_HOST, get

KEY_RE = re.compile(r'value="(cms_[0-9a-f]{8}_[A-Za-z0-9_-]{43})"')


def shown_key(response):
    assert response.status_code == 200, response.content[:500]
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    found = KEY_RE.findall(response.content.decode())
    assert len(found) == 1
    return found[0]


def stored_anywhere(raw_key):
    """Whether ``raw_key`` appears in any column of any table (sessions and logs included)."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            description = connection.introspection.get_table_description(cursor, table)
            for column in (c.name for c in description):
                quoted = connection.ops.quote_name
                sql = (
                    f"SELECT COUNT(*) FROM {quoted(table)} "  # noqa: S608
                    f"WHERE CAST({quoted(column)} AS TEXT) LIKE %s"
                )
                cursor.execute(sql, [f"%{raw_key[13:]}%"])
                if cursor.fetchone()[0]:
                    return f"{table}.{column}"
    return None


def issue_in_admin(admin_client, site, **data):
    return admin_client.post(
        "/admin/api-keys/new/",
        {"name": "Calgary website", "site": site.pk, "rate_limit": "", **data},
    )


def test_an_administrator_issues_a_key_that_is_shown_once_and_stored_hashed(
    admin_client, client, local_page
):
    calgary = Site.objects.get(hostname=CALGARY_HOST)

    raw_key = shown_key(issue_in_admin(admin_client, calgary))

    key = ApiKey.objects.get()
    assert key.site == calgary and key.created_by.username == "admin"
    assert key.hashed_key == hash_key(raw_key) and raw_key.startswith(f"cms_{key.prefix}_")
    assert stored_anywhere(raw_key) is None
    listing = admin_client.get("/admin/api-keys/").content.decode()
    assert "Calgary website" in listing and key.display_prefix in listing
    assert raw_key not in listing
    assert get(client, "/api/v2/pages/", raw_key).status_code == 200


def test_a_key_can_be_bound_to_locales_and_a_rate_limit_in_the_admin(admin_client, local_page):
    from wagtail.models import Locale

    english = Locale.get_default()
    calgary = Site.objects.get(hostname=CALGARY_HOST)

    shown_key(issue_in_admin(admin_client, calgary, locales=[english.pk], rate_limit="30"))

    key = ApiKey.objects.get()
    assert list(key.locales.all()) == [english] and key.rate_limit == 30


def test_the_site_of_an_issued_key_cannot_be_changed(admin_client, local_page, edmonton):
    shown_key(issue_in_admin(admin_client, Site.objects.get(hostname=CALGARY_HOST)))
    key = ApiKey.objects.get()

    response = admin_client.post(
        f"/admin/api-keys/edit/{key.pk}/",
        {"name": "Renamed", "site": Site.objects.get(hostname=EDMONTON_HOST).pk, "rate_limit": ""},
    )

    assert response.status_code == 302
    key.refresh_from_db()
    assert key.name == "Renamed" and key.site.hostname == CALGARY_HOST


def test_rotating_shows_a_new_secret_and_the_old_one_stops(admin_client, client, local_page):
    old_key = shown_key(issue_in_admin(admin_client, Site.objects.get(hostname=CALGARY_HOST)))
    key = ApiKey.objects.get()
    assert get(client, "/api/v2/pages/", old_key).status_code == 200

    confirm = admin_client.get(f"/admin/api-keys/rotate/{key.pk}/")
    assert confirm.status_code == 200 and b"stops working" in confirm.content
    new_key = shown_key(admin_client.post(f"/admin/api-keys/rotate/{key.pk}/"))

    assert new_key != old_key
    assert get(client, "/api/v2/pages/", old_key).status_code == 401
    assert get(client, "/api/v2/pages/", new_key).status_code == 200
    key.refresh_from_db()
    assert key.rotated_at is not None and key.hashed_key == hash_key(new_key)
    assert stored_anywhere(new_key) is None
    history = admin_client.get(f"/admin/api-keys/history/{key.pk}/").content.decode()
    assert "API key rotated" in history


def test_revoking_refuses_the_key_and_keeps_it_listed(admin_client, client, local_page):
    raw_key = shown_key(issue_in_admin(admin_client, Site.objects.get(hostname=CALGARY_HOST)))
    key = ApiKey.objects.get()

    response = admin_client.post(f"/admin/api-keys/revoke/{key.pk}/")

    assert response.status_code == 302
    assert get(client, "/api/v2/pages/", raw_key).status_code == 401
    assert "Revoked" in admin_client.get("/admin/api-keys/").content.decode()
    # A revoked key cannot be rotated back to life.
    assert admin_client.post(f"/admin/api-keys/rotate/{key.pk}/").status_code == 302
    key.refresh_from_db()
    assert key.hashed_key == hash_key(raw_key) and key.revoked_at is not None


@pytest.fixture
def editor(django_user_model, calgary):
    user = django_user_model.objects.create_user("editor", password="pw")  # noqa: S106
    group = Group.objects.create(name="Key test editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    return user


def test_only_users_with_the_permission_see_or_manage_keys(client, editor, calgary):
    key, _ = ApiKey.issue(name="Calgary", site=Site.objects.get(hostname=CALGARY_HOST))
    client.force_login(editor)

    assert b"/admin/api-keys/" not in client.get("/admin/").content
    for url in ("/admin/api-keys/", "/admin/api-keys/new/", f"/admin/api-keys/rotate/{key.pk}/"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
    assert client.post(f"/admin/api-keys/revoke/{key.pk}/").status_code in (302, 403)
    assert ApiKey.objects.get().is_active

    editor.groups.first().permissions.add(
        *Permission.objects.filter(codename__in=["add_apikey", "change_apikey"])
    )
    assert client.get("/admin/api-keys/").status_code == 200
    assert client.post(f"/admin/api-keys/revoke/{key.pk}/").status_code == 302
    assert not ApiKey.objects.get().is_active


# --- Preview on <site> -------------------------------------------------------------


def set_preview_url(hostname, url):
    setting = FrontendSettings.for_site(Site.objects.get(hostname=hostname))
    setting.preview_url = url
    setting.full_clean()
    setting.save()


@pytest.fixture
def preview_urls(calgary, edmonton):
    set_preview_url(CALGARY_HOST, "https://calgary.example.com/api/preview?token={token}")
    set_preview_url(EDMONTON_HOST, "https://edmonton.example.com/preview/{token}/")


def test_a_master_offers_a_preview_on_each_clinic_site_that_localises_it(
    admin_client, local_page, preview_urls
):
    edit = admin_client.get(f"/admin/pages/{local_page.master.pk}/edit/").content.decode()

    assert "Preview on Calgary" in edit
    assert "Preview on Edmonton" not in edit  # Edmonton has no local version


def test_a_local_page_offers_a_preview_on_its_own_site(admin_client, local_page, preview_urls):
    edit = admin_client.get(f"/admin/pages/{local_page.pk}/edit/").content.decode()

    assert "Preview on Calgary" in edit and "Preview on Edmonton" not in edit


def test_no_link_without_a_preview_address(admin_client, local_page):
    edit = admin_client.get(f"/admin/pages/{local_page.pk}/edit/").content.decode()

    assert "Preview on" not in edit


def test_the_link_sends_the_editor_to_the_front_end_with_a_token_for_the_latest_draft(
    admin_client, client, local_page, preview_urls
):
    page = type(local_page).objects.get(pk=local_page.pk)
    page.price_note = "Saved as a draft"
    revision = page.save_revision()
    calgary = Site.objects.get(hostname=CALGARY_HOST)

    response = admin_client.get(f"/admin/pages/{local_page.pk}/preview-on-site/{calgary.pk}/")

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert (location.scheme, location.netloc, location.path) == (
        "https",
        "calgary.example.com",
        "/api/preview",
    )
    token = parse_qs(location.query)["token"][0]
    grant = read_token(token)
    assert (grant.page_id, grant.revision_id, grant.site_id) == (
        local_page.pk,
        revision.pk,
        calgary.pk,
    )
    # What the front end then does with its key:
    key, raw = ApiKey.issue(name="Calgary website", site=calgary)
    body = get(client, f"/api/v2/preview/?token={token}", raw).json()
    assert body["price"]["note"] == "Saved as a draft"


def test_the_link_refuses_a_site_the_page_is_not_on(admin_client, local_page, preview_urls):
    edmonton = Site.objects.get(hostname=EDMONTON_HOST)

    response = admin_client.get(f"/admin/pages/{local_page.pk}/preview-on-site/{edmonton.pk}/")

    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{local_page.pk}/edit/"


def test_the_link_needs_edit_rights_on_the_page(client, editor, local_page, preview_urls):
    client.force_login(editor)
    calgary = Site.objects.get(hostname=CALGARY_HOST)

    response = client.get(f"/admin/pages/{local_page.pk}/preview-on-site/{calgary.pk}/")

    assert response.status_code in (302, 403)
    assert "calgary.example.com" not in response.get("Location", "")


@pytest.mark.parametrize(
    "value",
    [
        "https://calgary.example.com/preview",  # no {token}
        "https://calgary.example.com/{token}/{token}",
        "https://calgary.example.com/{page}/{token}",
        "ftp://calgary.example.com/{token}",
        "calgary.example.com/?t={token}",
    ],
)
def test_a_preview_address_must_be_a_web_address_with_one_token(library, value):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        set_preview_url(LIBRARY_HOST, value)
