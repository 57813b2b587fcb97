"""Keys are random, stored only as a hash, and identified by a short visible prefix."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Site

from cms.keys.models import KEY_PATTERN, ApiKey, hash_key

from ...conftest import CALGARY_HOST
from .conftest import get


def test_an_issued_key_is_high_entropy_and_only_its_hash_is_kept(calgary):
    key, raw_key = ApiKey.issue(name="Calgary", site=Site.objects.get(hostname=CALGARY_HOST))
    key.refresh_from_db()

    assert KEY_PATTERN.fullmatch(raw_key)
    assert key.hashed_key == hash_key(raw_key) and len(key.hashed_key) == 64
    assert raw_key not in {str(value) for value in ApiKey.objects.values().get().values()}
    assert key.display_prefix == f"cms_{key.prefix}…" and raw_key.startswith(f"cms_{key.prefix}_")


def test_every_key_is_different(calgary):
    site = Site.objects.get(hostname=CALGARY_HOST)
    raws = {ApiKey.issue(name=f"Key {i}", site=site)[1] for i in range(20)}

    assert len(raws) == 20
    assert len({raw.split("_")[1] for raw in raws}) == 20


def test_deleting_a_site_deletes_its_keys(calgary):
    site = Site.objects.get(hostname=CALGARY_HOST)
    ApiKey.issue(name="Calgary", site=site)

    site.delete()

    assert not ApiKey.objects.exists()


# --- manage.py api_key -----------------------------------------------------------


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("api_key", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def test_the_command_issues_rotates_lists_and_revokes(client, local_page, english):
    raw_key, note = run("issue", "--site", CALGARY_HOST, "--name", "Sync job", "--locale", "en_CA")

    assert KEY_PATTERN.fullmatch(raw_key) and "shown once" in note
    key = ApiKey.objects.get()
    assert list(key.locales.all()) == [english]
    assert get(client, "/api/v2/pages/", raw_key).status_code == 200

    rotated, _ = run("rotate", key.display_prefix)
    assert get(client, "/api/v2/pages/", raw_key).status_code == 401
    assert get(client, "/api/v2/pages/", rotated).status_code == 200

    key.refresh_from_db()
    listing, _ = run("list")
    assert key.display_prefix in listing and "Active" in listing and "Sync job" in listing
    assert rotated not in listing

    run("revoke", f"cms_{key.prefix}")
    assert get(client, "/api/v2/pages/", rotated).status_code == 401
    assert "Revoked" in run("list")[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("issue", "--site", "nowhere.test", "--name", "x"), "No single site"),
        (("issue", "--site", CALGARY_HOST, "--name", "x", "--locale", "xx"), "Unknown locale"),
        (("issue", "--site", CALGARY_HOST, "--name", "x", "--rate-limit", "0"), "at least 1"),
        (("rotate", "cms_00000000"), "No API key"),
    ],
)
def test_the_command_explains_bad_input(calgary, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert not ApiKey.objects.exists()
