"""Helpers for tests that read rendered HTML with BeautifulSoup."""

from urllib.parse import urlsplit

from bs4 import BeautifulSoup


def parse(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def text(element):
    """An element's text with runs of whitespace collapsed, as a reader hears it."""
    return " ".join(element.get_text(" ").split())


def assert_page_shell(soup):
    """One h1, the header/nav/main/footer landmarks, a working skip link, lang and viewport."""
    assert len(soup.find_all("h1")) == 1
    body = soup.body
    assert body.find("header", recursive=False) is not None
    assert body.find("main", recursive=False) is not None
    assert body.find("footer", recursive=False) is not None
    assert soup.find("nav", attrs={"aria-label": "Main"}) is not None
    skip = body.find("a", recursive=False)
    assert skip["href"] == "#main" and soup.find(id="main").name == "main"
    assert soup.html["lang"] == "en-CA"
    assert soup.find("meta", attrs={"name": "viewport"}) is not None


def asset_urls(soup):
    """Every URL the browser fetches by itself: stylesheets, icons, scripts, images, frames."""
    urls = [link["href"] for link in soup.find_all("link", href=True)]
    for tag in soup.find_all(["script", "img", "iframe", "source", "video", "audio"]):
        if tag.get("src"):
            urls.append(tag["src"])
        for candidate in (tag.get("srcset") or "").split(","):
            if candidate.strip():
                urls.append(candidate.split()[0])
    return urls


def assert_assets_are_local(soup, host):
    urls = asset_urls(soup)
    assert urls, "expected at least the stylesheet"
    for url in urls:
        parts = urlsplit(url)
        assert parts.scheme in ("", "http", "https"), url
        assert parts.netloc in ("", host), f"external asset: {url}"


def count_queries(client, url, **headers):
    """Queries one GET costs to render: the shared response cache off, other caches warm.

    The first request is made and not counted: it creates image renditions
    and fills the per-process caches (site root paths, locales, site
    languages), one-off costs that are not per request.
    """
    from django.db import connection
    from django.test import override_settings
    from django.test.utils import CaptureQueriesContext

    with override_settings(CMS_CACHE={"ENABLED": False}):
        assert client.get(url, **headers).status_code == 200
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, **headers).status_code == 200
    return len(queries)
