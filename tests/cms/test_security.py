"""Production settings: the deploy check, security headers, CSP, CORS and login throttling."""

import base64
import hashlib
import os
import re
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import override_settings
from wagtail.models import Site

from locations.models import FrontendSettings
from tests.conftest import CALGARY_HOST

CALGARY_FRONTEND = "https://www.calgary-clinic.example.com/"
CALGARY_ORIGIN = "https://www.calgary-clinic.example.com"


def csp_directives(response):
    header = response.headers["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


# --- manage.py check --deploy ---


def test_production_settings_pass_the_deploy_check_without_warnings():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "example.test",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_settings_refuse_to_start_without(missing):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "example.test",
    }
    del env[missing]
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert f"Set {missing}" in result.stderr or f"Set the {missing}" in result.stderr


# --- Content security policy ---


def test_public_pages_carry_the_strict_policy(client, library):
    response = client.get(library.url)

    assert response.status_code == 200
    directives = csp_directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'self'"]
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"]


def test_clinic_pages_and_the_404_page_carry_the_strict_policy(client, calgary):
    for url in ("/", "/find-a-clinic/", "/no-such-page/"):
        response = client.get(url, HTTP_HOST=CALGARY_HOST)
        assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"], url
        assert csp_directives(response)["script-src"] == ["'self'"], url


def test_public_templates_have_no_inline_script_or_style():
    """The strict policy would block them: scripts and styles belong in static files.

    The 500 page is the exception (no static files when things are broken); its
    style is allowed by hash, checked below.
    """
    inline = re.compile(
        r"<script(?![^>]*\b(src=|type=\"application/(ld\+)?json\"))|<style|\sstyle=|\son\w+="
    )
    offenders = []
    for folder in ("templates", "treatment_pages/templates", "locations/templates"):
        for path in (settings.BASE_DIR / folder).rglob("*.html"):
            if path.name != "500.html" and inline.search(path.read_text()):
                offenders.append(str(path))
    assert offenders == []


def test_the_500_page_inline_style_is_allowed_by_its_hash():
    template = (settings.BASE_DIR / "templates" / "500.html").read_text()
    (style,) = re.findall(r"<style>(.*?)</style>", template, re.S)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()

    style_src = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["style-src"]
    assert f"'sha256-{digest}'" in style_src


def test_admin_renders_under_its_own_policy(admin_client, library):
    for url in ("/admin/", f"/admin/pages/{library.pk}/", f"/admin/pages/{library.pk}/edit/"):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        directives = csp_directives(response)
        assert directives["script-src"] == ["'self'", "'unsafe-inline'"], url
        assert directives["frame-ancestors"] == ["'self'"], url
        assert directives["object-src"] == ["'none'"], url


def test_admin_login_page_renders_under_the_admin_policy(client, db):
    response = client.get("/admin/login/")

    assert response.status_code == 200
    assert csp_directives(response)["form-action"] == ["'self'"]


def test_security_headers_on_public_pages(client, library):
    response = client.get(library.url)

    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


# --- CORS ---


@pytest.fixture
def calgary_frontend(calgary):
    FrontendSettings.objects.update_or_create(
        site=Site.objects.get(hostname=CALGARY_HOST), defaults={"frontend_url": CALGARY_FRONTEND}
    )
    return CALGARY_ORIGIN


def test_a_sites_front_end_may_read_the_api(client, calgary_frontend):
    response = client.get("/api/v2/pages/", HTTP_HOST=CALGARY_HOST, HTTP_ORIGIN=calgary_frontend)

    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == calgary_frontend
    assert "Access-Control-Allow-Credentials" not in response.headers


def test_another_origin_gets_no_cors_header(client, calgary_frontend):
    response = client.get(
        "/api/v2/pages/", HTTP_HOST=CALGARY_HOST, HTTP_ORIGIN="https://evil.example.net"
    )

    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers


def test_cors_headers_follow_each_request_not_the_shared_cache(client, calgary_frontend):
    """The response cache stores one copy per URL; the CORS answer is per origin."""
    url = "/api/v2/pages/"
    without_origin = client.get(url, HTTP_HOST=CALGARY_HOST)
    allowed = client.get(url, HTTP_HOST=CALGARY_HOST, HTTP_ORIGIN=calgary_frontend)
    refused = client.get(url, HTTP_HOST=CALGARY_HOST, HTTP_ORIGIN="https://evil.example.net")

    assert "Access-Control-Allow-Origin" not in without_origin.headers
    assert allowed.headers["Access-Control-Allow-Origin"] == calgary_frontend
    assert "Access-Control-Allow-Origin" not in refused.headers
    assert "origin" in allowed.headers["Vary"].lower()


def test_cors_is_for_the_api_only(client, calgary_frontend):
    response = client.get("/", HTTP_HOST=CALGARY_HOST, HTTP_ORIGIN=calgary_frontend)

    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers


def test_preflight_from_a_front_end_allows_reads_only(client, calgary_frontend):
    response = client.options(
        "/api/v2/pages/",
        HTTP_HOST=CALGARY_HOST,
        HTTP_ORIGIN=calgary_frontend,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )

    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == calgary_frontend
    assert set(response.headers["Access-Control-Allow-Methods"].split(", ")) == {
        "GET",
        "HEAD",
        "OPTIONS",
    }


def test_a_front_end_origin_is_allowed_as_soon_as_an_administrator_sets_it(client, calgary):
    site = Site.objects.get(hostname=CALGARY_HOST)
    before = client.get("/api/v2/pages/", HTTP_HOST=CALGARY_HOST, HTTP_ORIGIN=CALGARY_ORIGIN)
    FrontendSettings.objects.create(site=site, frontend_url=CALGARY_FRONTEND)
    after = client.get("/api/v2/pages/", HTTP_HOST=CALGARY_HOST, HTTP_ORIGIN=CALGARY_ORIGIN)

    assert "Access-Control-Allow-Origin" not in before.headers
    assert after.headers["Access-Control-Allow-Origin"] == CALGARY_ORIGIN


@override_settings(CORS_ALLOWED_ORIGINS=["https://partner.example.org"])
def test_origins_from_the_environment_are_allowed(client, calgary):
    allowed = client.get(
        "/api/v2/clinics/", HTTP_HOST=CALGARY_HOST, HTTP_ORIGIN="https://partner.example.org"
    )
    refused = client.get(
        "/api/v2/clinics/", HTTP_HOST=CALGARY_HOST, HTTP_ORIGIN="https://other.example.org"
    )

    assert allowed.headers["Access-Control-Allow-Origin"] == "https://partner.example.org"
    assert "Access-Control-Allow-Origin" not in refused.headers


# --- Admin login throttling ---

PASSWORD = "correct horse battery staple"


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editor", "editor@example.test", PASSWORD)


def log_in(client, password, username="editor", address="203.0.113.7"):
    return client.post(
        "/admin/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def logged_in(client):
    return client.get("/admin/").status_code == 200


@override_settings(AXES_ENABLED=True)
def test_sixth_attempt_is_refused_even_with_the_right_password(client, editor):
    assert settings.AXES_FAILURE_LIMIT == 5
    statuses = [log_in(client, "wrong password").status_code for _ in range(5)]
    # The form again, with an error, four times; the fifth failure locks the pair.
    assert statuses == [200, 200, 200, 200, 429]

    response = log_in(client, PASSWORD)

    assert response.status_code == 429
    assert not logged_in(client)


@override_settings(AXES_ENABLED=True)
def test_lockout_is_per_username_and_address(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "wrong password")

    response = log_in(client, PASSWORD, address="198.51.100.9")

    assert response.status_code == 302
    assert logged_in(client)


@override_settings(AXES_ENABLED=True)
def test_a_successful_login_resets_the_count(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "wrong password")
    assert log_in(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "wrong password")

    response = log_in(client, PASSWORD)

    assert response.status_code == 302
    assert logged_in(client)


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_the_client_address_is_read_from_the_trusted_proxy_hop(rf):
    from cms.security import client_ip

    request = rf.get(
        "/admin/login/",
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7",
    )

    assert client_ip(request) == "203.0.113.7"


def test_without_trusted_proxies_forwarded_for_is_ignored(rf):
    from cms.security import client_ip

    request = rf.get("/", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="1.2.3.4")

    assert client_ip(request) == "203.0.113.7"
