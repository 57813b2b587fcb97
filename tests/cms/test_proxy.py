"""A caching proxy in front: surrogate keys, bans by key, and a real Varnish kept exact.

The first part checks what the web process tells a proxy (``Surrogate-Key``,
``Surrogate-Control``) and the bans it sends, against a small HTTP server
that records them. The second runs ``deploy/varnish.vcl`` in a real
``varnishd`` in front of the test server and checks what a visitor gets
through it after each kind of change. Without ``varnishd`` those tests are
skipped, saying how to install it, unless ``CMS_REQUIRE_VARNISH=1`` (as
``.ci/run`` sets) makes that a failure.
"""

import os
import socket
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.test import override_settings
from wagtail.models import Site

from cms.delivery.caching import send_pending_bans
from cms.delivery.proxy import VarnishBackend, _Repeats, surrogate_key
from cms.keys.models import ApiKey
from treatment_pages.models import RiskItem

from ..api_helpers import TREATMENT_LIST_URL as LIST_URL
from ..api_helpers import detail_url
from ..conftest import CALGARY_HOST
from ..servers import Varnish, free_port, varnishd_path

LIBRARY_HOST = "localhost"
KEYS_ON = {"SURROGATE_KEYS": True, "BAN_REPEAT_SECONDS": 0}


class BanRecorder:
    """An HTTP server on 127.0.0.1 that records each BAN and PURGE it is sent."""

    def __init__(self):
        self.requests = []  # (method, path, Surrogate-Key header)
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def _record(self):
                recorder.requests.append(
                    (self.command, self.path, self.headers.get("Surrogate-Key", ""))
                )
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_BAN = do_PURGE = _record  # noqa: N815 - http.server's naming

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def forget_setup(self):
        """Send what the fixtures' changes left to ban, as their commit would, and forget it.

        The fixtures and the test share one transaction that never commits, so
        without this their tokens would join the test's first ban.
        """
        send_pending_bans()
        self.requests.clear()

    def banned_keys(self):
        return {
            key for method, _, header in self.requests if method == "BAN" for key in header.split()
        }

    def bans(self):
        return [r for r in self.requests if r[0] == "BAN"]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def proxy_settings(url):
    return {"proxy-1": {"BACKEND": "cms.delivery.proxy.VarnishBackend", "LOCATION": url}}


@pytest.fixture
def recorder():
    recorder = BanRecorder()
    with override_settings(WAGTAILFRONTENDCACHE=proxy_settings(recorder.url), CMS_CACHE=KEYS_ON):
        yield recorder
    recorder.close()


# --- What the web process tells a proxy ---------------------------------------------


def test_without_a_proxy_no_response_carries_surrogate_headers(client, treatment):
    for url in (LIST_URL, detail_url(treatment), treatment.url):
        for response in (client.get(url), client.get(url)):
            assert "Surrogate-Key" not in response
            assert "Surrogate-Control" not in response


@override_settings(CMS_CACHE=KEYS_ON)
@pytest.mark.parametrize("kind", ["list", "detail", "html"])
def test_a_stored_response_names_its_dependencies_as_short_keys(
    client, treatment, risk_list, other_treatment, kind
):
    url = {"list": LIST_URL, "detail": detail_url(treatment), "html": treatment.url}[kind]

    miss, hit = client.get(url), client.get(url)

    assert (miss["X-Cache"], hit["X-Cache"]) == ("miss", "hit")
    for response in (miss, hit):
        keys = response["Surrogate-Key"].split()
        assert surrogate_key(f"page:{treatment.pk}") in keys
        assert surrogate_key(f"treatment_pages.risklist:{risk_list.pk}") in keys
        assert all(len(key) == 10 for key in keys)
        assert b"risklist" not in response["Surrogate-Key"].encode()
    assert miss["Surrogate-Control"] == "max-age=3600"
    assert 3590 <= int(hit["Surrogate-Control"].removeprefix("max-age=")) <= 3600
    if kind == "list":
        assert surrogate_key(f"page:{other_treatment.pk}") in miss["Surrogate-Key"].split()
    else:
        assert surrogate_key(f"page:{other_treatment.pk}") not in miss["Surrogate-Key"].split()


@override_settings(CMS_CACHE=KEYS_ON)
def test_responses_for_one_person_carry_no_surrogate_key(client, admin_user, treatment):
    client.force_login(admin_user)
    for url in (detail_url(treatment), treatment.url):
        response = client.get(url)
        assert response.status_code == 200
        assert "Surrogate-Key" not in response
        assert "private" in response["Cache-Control"]


@override_settings(CMS_CACHE=KEYS_ON)
def test_a_clinic_page_that_says_open_now_is_kept_only_until_that_can_change(client, calgary):
    response = client.get(f"/api/v2/pages/{calgary.pk}/", HTTP_HOST=CALGARY_HOST)

    assert response.status_code == 200
    max_age = int(response["Surrogate-Control"].removeprefix("max-age="))
    assert 0 < max_age < 3600


def test_a_risk_list_edit_bans_exactly_what_shows_it(
    recorder, treatment, local_page, risk_list, other_treatment, django_capture_on_commit_callbacks
):
    recorder.forget_setup()
    with django_capture_on_commit_callbacks(execute=True):
        item = risk_list.items.first()
        item.name = "Eyelid droop"
        risk_list.save()
        item.save()

    banned = recorder.banned_keys()
    assert surrogate_key(f"treatment_pages.risklist:{risk_list.pk}") in banned
    assert surrogate_key(f"page:{treatment.pk}") in banned
    assert surrogate_key(f"page:{local_page.pk}") in banned
    assert surrogate_key(f"page:{other_treatment.pk}") not in banned
    assert all(path == "/" for _, path, _ in recorder.bans())
    # The bans cover every URL: no URL-by-URL purge from the change log.
    assert len(recorder.requests) == len(recorder.bans())


def test_a_ban_is_sent_after_the_commit_and_again_later(
    recorder, treatment, django_capture_on_commit_callbacks
):
    with override_settings(CMS_CACHE={**KEYS_ON, "BAN_REPEAT_SECONDS": 0.2}):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            treatment.summary = "Changed."
            treatment.save_revision().publish()
        assert recorder.bans() == []  # nothing before the commit
        for callback in callbacks:
            callback()
        first = len(recorder.bans())
        assert first >= 1
        deadline = time.monotonic() + 5
        while len(recorder.bans()) < 2 * first and time.monotonic() < deadline:
            time.sleep(0.05)
    assert len(recorder.bans()) == 2 * first
    assert surrogate_key(f"page:{treatment.pk}") in recorder.banned_keys()


def test_one_transaction_sends_one_ban_round_for_all_its_changes(
    recorder, treatment, other_treatment, risk_list, django_capture_on_commit_callbacks
):
    recorder.forget_setup()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for page in (treatment, other_treatment):
            page.summary = "Changed in bulk."
            page.save_revision().publish()
        for item in risk_list.items.all():
            item.name += "."
            item.save()

    senders = [c for c in callbacks if getattr(c, "func", None) is send_pending_bans]
    assert len(senders) > 2  # each change asked for its ban...
    assert len(recorder.bans()) == 1  # ...and one went out, with every key
    banned = recorder.banned_keys()
    assert surrogate_key(f"page:{treatment.pk}") in banned
    assert surrogate_key(f"page:{other_treatment.pk}") in banned
    assert surrogate_key(f"treatment_pages.risklist:{risk_list.pk}") in banned


def test_a_rolled_back_savepoint_does_not_take_later_changes_bans_with_it(
    recorder, treatment, other_treatment, django_capture_on_commit_callbacks
):
    recorder.forget_setup()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            treatment.summary = "Never published."
            treatment.save_revision().publish()
            raise RuntimeError
        other_treatment.summary = "Published."
        other_treatment.save_revision().publish()

    assert len(recorder.bans()) == 1
    assert surrogate_key(f"page:{other_treatment.pk}") in recorder.banned_keys()


def test_a_proxy_that_is_down_does_not_stop_a_publish(
    treatment, caplog, django_capture_on_commit_callbacks
):
    port = free_port()  # nothing listens there
    with override_settings(
        WAGTAILFRONTENDCACHE=proxy_settings(f"http://127.0.0.1:{port}"), CMS_CACHE=KEYS_ON
    ):
        with django_capture_on_commit_callbacks(execute=True):
            treatment.summary = "Published anyway."
            treatment.save_revision().publish()

    treatment.refresh_from_db()
    assert treatment.summary == "Published anyway."
    assert "Couldn't BAN" in caplog.text


def test_a_proxy_that_answers_garbage_does_not_stop_a_publish_nor_what_follows_it(
    treatment, caplog, django_capture_on_commit_callbacks
):
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]

    def answer_garbage():
        while True:
            try:
                connection, _ = server.accept()
            except OSError:
                return
            with connection:
                connection.recv(65536)
                connection.sendall(b"not http at all\r\n\r\n")

    threading.Thread(target=answer_garbage, daemon=True).start()
    after = []
    try:
        with override_settings(
            WAGTAILFRONTENDCACHE=proxy_settings(f"http://127.0.0.1:{port}"), CMS_CACHE=KEYS_ON
        ):
            with django_capture_on_commit_callbacks(execute=True):
                treatment.summary = "Published anyway."
                treatment.save_revision().publish()
                transaction.on_commit(lambda: after.append("ran"))
    finally:
        server.close()

    treatment.refresh_from_db()
    assert treatment.summary == "Published anyway."
    assert after == ["ran"]
    assert "Couldn't BAN" in caplog.text


def test_a_purge_url_that_is_not_a_url_is_refused_at_start():
    with pytest.raises(ImproperlyConfigured, match="FRONTEND_CACHE_PURGE_URL"):
        VarnishBackend({"LOCATION": "varnish-1:6081"})


def test_nothing_is_purged_before_the_publish_commits(
    recorder, treatment, django_capture_on_commit_callbacks
):
    recorder.requests.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        treatment.summary = "Changed."
        treatment.save_revision().publish()
        # Wagtail's own publish-time purge used to go out here, before the commit.
        assert recorder.requests == []
    for callback in callbacks:
        callback()
    assert surrogate_key(f"page:{treatment.pk}") in recorder.banned_keys()


@override_settings(CMS_CACHE={**KEYS_ON, "SURROGATE_KEY_LIMIT": 2})
def test_a_response_with_too_many_dependencies_is_left_to_the_shared_cache(client, treatment):
    miss, hit = client.get(LIST_URL), client.get(LIST_URL)

    assert hit["X-Cache"] == "hit"
    assert "Surrogate-Key" not in miss and "Surrogate-Key" not in hit


@override_settings(CMS_CACHE=KEYS_ON)
def test_a_response_for_an_api_key_carries_no_surrogate_key(client, treatment):
    key, raw = ApiKey.issue(name="Library website", site=Site.objects.get(hostname=LIBRARY_HOST))
    for _ in range(2):
        response = client.get(detail_url(treatment), HTTP_AUTHORIZATION=f"Bearer {raw}")
        assert response.status_code == 200
        assert "private" in response["Cache-Control"]
        assert "Surrogate-Key" not in response


def test_repeated_bans_still_go_out_when_the_process_exits_first():
    sent = []

    class Backend:
        def purge_keys(self, keys):
            sent.append((time.monotonic(), list(keys)))

    repeats = _Repeats()
    queued = time.monotonic()
    repeats.add(0.3, [Backend()], ["aaaaaaaaaa"])
    repeats.drain()  # what atexit runs

    assert [keys for _, keys in sent] == [["aaaaaaaaaa"]]  # once, not twice
    assert sent[0][0] - queued >= 0.3  # and not before it was due


# --- A real Varnish in front -------------------------------------------------------------


@pytest.fixture(scope="module")
def varnish(live_server):
    """``varnishd`` running deploy/varnish.vcl in front of the test server."""
    if varnishd_path() is None:
        message = "varnishd not found: install it (apt-get install -y varnish)"
        if os.environ.get("CMS_REQUIRE_VARNISH") == "1":
            pytest.fail(message)
        pytest.skip(message)
    with Varnish(int(live_server.url.rsplit(":", 1)[1])) as proxy:
        yield proxy


@pytest.fixture
def through(varnish):
    """Requests through Varnish, with bans to it; returns ``get(url, host, **headers)``."""

    def get(url, host=LIBRARY_HOST, **headers):
        request = urllib.request.Request(varnish.url + url, headers={"Host": host, **headers})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - local
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    varnish.ban_all()  # what an earlier test left
    with override_settings(WAGTAILFRONTENDCACHE=proxy_settings(varnish.url), CMS_CACHE=KEYS_ON):
        yield get


def kept(get, url, host=LIBRARY_HOST):
    """Fetch twice through the proxy; the second must be the proxy's own copy."""
    status, _, first = get(url, host)
    assert status == 200, first[:300]
    status, headers, second = get(url, host)
    assert headers["X-Proxy-Cache"] == "hit"
    assert second == first
    assert "Surrogate-Key" not in headers and "Surrogate-Control" not in headers
    return headers


live = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@live
@pytest.mark.parametrize("kind", ["list", "detail", "html"])
def test_through_varnish_a_publish_is_seen_at_once(through, treatment, other_treatment, kind):
    url = {"list": LIST_URL, "detail": detail_url(treatment), "html": treatment.url}[kind]
    kept(through, url)
    kept(through, detail_url(other_treatment))

    treatment.summary = "Now also for migraine."
    treatment.save_revision().publish()

    status, headers, body = through(url)
    assert status == 200
    assert headers["X-Proxy-Cache"] == "miss"
    assert b"Now also for migraine." in body
    assert through(detail_url(other_treatment))[1]["X-Proxy-Cache"] == "hit"


@live
def test_through_varnish_a_risk_list_edit_refreshes_every_page_and_listing_that_shows_it(
    through, treatment, local_page, risk_list, other_treatment
):
    shows_it = [
        (LIBRARY_HOST, detail_url(treatment)),
        (LIBRARY_HOST, LIST_URL),
        (CALGARY_HOST, detail_url(local_page)),
        (CALGARY_HOST, "/therapeutic-botox/"),
        (CALGARY_HOST, "/api/v2/pages/?type=locations.LocalTreatmentPage&fields=*"),
    ]
    unrelated = [(LIBRARY_HOST, detail_url(other_treatment)), (LIBRARY_HOST, "/night-guards/")]
    for host, url in shows_it + unrelated:
        kept(through, url, host)

    RiskItem.objects.create(
        risk_list=risk_list,
        name="Drooping eyelid",
        description="Rare.",
        frequency="rare",
        sort_order=99,
    )

    for host, url in shows_it:
        status, headers, body = through(url, host)
        assert headers["X-Proxy-Cache"] == "miss", url
        assert b"Drooping eyelid" in body, url
    for host, url in unrelated:
        assert through(url, host)[1]["X-Proxy-Cache"] == "hit", url


@live
def test_through_varnish_unpublishing_removes_the_page(through, treatment):
    for url in (detail_url(treatment), treatment.url, LIST_URL):
        kept(through, url)

    treatment.unpublish()

    assert through(detail_url(treatment))[0] == 404
    assert through(treatment.url)[0] == 404
    assert b"Therapeutic Botox" not in through(LIST_URL)[2]


@live
def test_varnish_answers_revalidation_itself(through, treatment):
    headers = kept(through, detail_url(treatment))

    status, revalidated, body = through(detail_url(treatment), **{"If-None-Match": headers["ETag"]})

    assert status == 304
    assert body == b""
    assert revalidated["X-Proxy-Cache"] == "hit"
    assert revalidated["ETag"] == headers["ETag"]


@live
def test_varnish_passes_requests_for_one_person_and_strips_per_client_headers(through, treatment):
    headers = kept(through, detail_url(treatment))
    assert "RateLimit-Remaining" not in headers

    for extra in ({"Cookie": "sessionid=abc"}, {"Authorization": "Bearer nope"}):
        _, passed, _ = through(detail_url(treatment), **extra)
        assert passed["X-Proxy-Cache"] == "pass", extra


@live
def test_varnish_keeps_one_copy_whatever_the_cookies_and_accept_but_one_per_origin(
    through, treatment
):
    url = detail_url(treatment)
    headers = kept(through, url)

    for extra in (
        {"Cookie": "analytics=1; csrftoken=abc"},
        {"Accept": "application/json"},
        {"Accept": "text/html,*/*", "Cookie": "theme=dark"},
    ):
        _, again, _ = through(url, **extra)
        assert again["X-Proxy-Cache"] == "hit", extra
        assert again["Vary"] == headers["Vary"]  # the client sees the web process's Vary
    assert "Cookie" in headers["Vary"]

    _, other_origin, _ = through(url, Origin="https://www.calgary-clinic.example.com")
    assert other_origin["X-Proxy-Cache"] == "miss"


@live
def test_varnish_refuses_bans_that_are_not_keys(varnish):
    request = urllib.request.Request(  # noqa: S310 - local
        varnish.url + "/", method="BAN", headers={"Surrogate-Key": ".*"}
    )
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request, timeout=5)  # noqa: S310 - local
    assert error.value.code == 400
