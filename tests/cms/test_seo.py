"""Each site has its own sitemap.xml and robots.txt."""

import pytest
from defusedxml import ElementTree as ET
from wagtail.models import PageViewRestriction

from ..conftest import CALGARY_HOST, EDMONTON_HOST

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_locations(client, host):
    response = client.get("/sitemap.xml", HTTP_HOST=host)
    assert response.status_code == 200
    return [loc.text for loc in ET.fromstring(response.content).findall(".//sm:loc", NS)]


@pytest.mark.django_db
def test_each_clinic_sitemap_lists_only_its_own_pages(client, local_page, edmonton):
    calgary_urls = sitemap_locations(client, CALGARY_HOST)
    edmonton_urls = sitemap_locations(client, EDMONTON_HOST)

    assert f"http://{CALGARY_HOST}/" in calgary_urls
    assert f"http://{CALGARY_HOST}/therapeutic-botox/" in calgary_urls
    assert f"http://{CALGARY_HOST}/find-a-clinic/" in calgary_urls
    assert not any(CALGARY_HOST in url for url in edmonton_urls)


@pytest.mark.django_db
def test_sitemap_leaves_out_drafts_private_and_withdrawn_pages(client, local_page, library):
    local_page.master.unpublish()

    urls = sitemap_locations(client, CALGARY_HOST)

    assert f"http://{CALGARY_HOST}/therapeutic-botox/" not in urls
    PageViewRestriction.objects.create(page=library, restriction_type="password", password="x")
    assert sitemap_locations(client, "localhost") == []


@pytest.mark.django_db
def test_robots_txt_points_at_the_sites_own_sitemap(client, calgary):
    response = client.get("/robots.txt", HTTP_HOST=CALGARY_HOST)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert f"Sitemap: http://{CALGARY_HOST}/sitemap.xml" in body
