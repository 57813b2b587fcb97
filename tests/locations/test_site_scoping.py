"""The pages API answers for the consuming site, with URLs on that site's public front end."""

from wagtail.models import Site

from locations.models import FrontendSettings
from tests.api_helpers import get_json
from tests.conftest import CALGARY_HOST, EDMONTON_HOST
from tests.factories import LocalTreatmentPageFactory, TreatmentPageFactory

CALGARY_FRONTEND = "https://www.calgary-clinic.example.com/"
LIBRARY_FRONTEND = "https://treatments.example.com"


def link_to(page, text="read more"):
    return f'<a linktype="page" id="{page.pk}">{text}</a>'


def ids(client, url, host):
    return {item["id"] for item in get_json(client, url, host)["items"]}


def set_frontend(hostname, url):
    FrontendSettings.objects.update_or_create(
        site=Site.objects.get(hostname=hostname), defaults={"frontend_url": url}
    )


def test_a_clinic_site_sees_its_pages_and_the_masters_it_localises(
    client, library, local_page, calgary, edmonton, treatment
):
    unlocalised = TreatmentPageFactory(parent=library, slug="fillers")

    calgary_ids = ids(client, "/api/v2/pages/?limit=50", CALGARY_HOST)
    edmonton_ids = ids(client, "/api/v2/pages/?limit=50", EDMONTON_HOST)

    assert calgary_ids == {calgary.pk, local_page.pk, treatment.pk}
    assert edmonton_ids == {edmonton.pk}
    assert unlocalised.pk not in calgary_ids
    get_json(client, f"/api/v2/pages/{treatment.pk}/", CALGARY_HOST)
    get_json(client, f"/api/v2/pages/{treatment.pk}/", EDMONTON_HOST, status=404)


def test_host_header_and_site_parameter_scope_alike(client, local_page, edmonton, treatment):
    by_host = ids(client, "/api/v2/pages/", CALGARY_HOST)
    by_param = ids(client, f"/api/v2/pages/?site={CALGARY_HOST}", EDMONTON_HOST)
    assert by_host == by_param


def test_the_site_parameter_matches_whatever_the_case(client, local_page, edmonton, treatment):
    by_param = ids(client, f"/api/v2/pages/?site={CALGARY_HOST.upper()}", EDMONTON_HOST)
    assert by_param == ids(client, "/api/v2/pages/", CALGARY_HOST)


def test_detail_urls_keep_the_site_parameter_so_they_can_be_followed(
    client, local_page, calgary, edmonton, treatment
):
    """A client on one address names its site with ?site=: every detail_url must too."""
    listing = get_json(
        client, f"/api/v2/pages/?site={CALGARY_HOST}&type=locations.LocalTreatmentPage", "localhost"
    )
    item = next(item for item in listing["items"] if item["id"] == local_page.pk)
    detail_url = item["meta"]["detail_url"]
    assert detail_url == f"http://localhost/api/v2/pages/{local_page.pk}/?site={CALGARY_HOST}"

    detail = get_json(client, detail_url.removeprefix("http://localhost"), "localhost")
    assert detail["id"] == local_page.pk
    # The master belongs to the library's site: its link names that site.
    master_url = detail["master"]["detail_url"]
    assert master_url == f"http://localhost/api/v2/pages/{treatment.pk}/?site=localhost"
    master = get_json(client, master_url.removeprefix("http://localhost"), "localhost")
    assert master["id"] == treatment.pk
    assert detail["meta"]["parent"]["meta"]["detail_url"].endswith(f"?site={CALGARY_HOST}")


def test_masters_of_unpublished_local_pages_are_not_added(client, local_page, treatment):
    local_page.unpublish()
    assert treatment.pk not in ids(client, "/api/v2/pages/", CALGARY_HOST)


def test_html_urls_point_at_the_sites_public_front_end(client, local_page, calgary, treatment):
    set_frontend(CALGARY_HOST, CALGARY_FRONTEND)

    data = get_json(client, f"/api/v2/pages/{local_page.pk}/", CALGARY_HOST)

    assert data["meta"]["html_url"] == "https://www.calgary-clinic.example.com/therapeutic-botox/"
    assert data["clinic"]["html_url"] == "https://www.calgary-clinic.example.com/"
    assert data["meta"]["parent"]["meta"]["html_url"] == "https://www.calgary-clinic.example.com/"
    # The master belongs to the library's site, which has no front end of its own.
    assert data["master"]["html_url"] == "http://localhost/therapeutic-botox/"
    # API URLs stay on the CMS.
    assert data["meta"]["detail_url"] == f"http://{CALGARY_HOST}/api/v2/pages/{local_page.pk}/"


def test_each_site_has_its_own_front_end(client, local_page, treatment):
    set_frontend(CALGARY_HOST, CALGARY_FRONTEND)
    set_frontend("localhost", LIBRARY_FRONTEND)

    data = get_json(client, f"/api/v2/pages/{local_page.pk}/", CALGARY_HOST)
    master = get_json(client, f"/api/v2/pages/{treatment.pk}/")

    assert data["master"]["html_url"] == "https://treatments.example.com/therapeutic-botox/"
    assert master["meta"]["html_url"] == "https://treatments.example.com/therapeutic-botox/"


def test_rich_text_links_point_at_the_front_end_of_the_linked_pages_site(
    client, library, local_page, calgary, edmonton, treatment
):
    set_frontend(CALGARY_HOST, CALGARY_FRONTEND)
    other = TreatmentPageFactory(
        parent=library,
        slug="fillers",
        how_it_works=f"<p>{link_to(treatment)} or {link_to(edmonton, 'Edmonton')}</p>",
    )
    local_other = LocalTreatmentPageFactory(parent=calgary, master=other, slug="fillers")
    local_other.introduction = f"<p>{link_to(calgary, 'home')}</p>"
    local_other.save_revision().publish()

    data = get_json(client, f"/api/v2/pages/{local_other.pk}/", CALGARY_HOST)

    # The master is localised in Calgary, so the link leads to Calgary's version, on its front end.
    assert data["how_it_works"] == (
        '<p><a href="https://www.calgary-clinic.example.com/therapeutic-botox/">read more</a>'
        ' or <a href="http://edmonton.example.test/">Edmonton</a></p>'
    )
    assert (
        data["introduction"] == '<p><a href="https://www.calgary-clinic.example.com/">home</a></p>'
    )


def test_a_changed_front_end_is_used_at_once(client, local_page):
    set_frontend(CALGARY_HOST, CALGARY_FRONTEND)
    get_json(client, f"/api/v2/pages/{local_page.pk}/", CALGARY_HOST)
    set_frontend(CALGARY_HOST, "https://new.example.com")

    data = get_json(client, f"/api/v2/pages/{local_page.pk}/", CALGARY_HOST)
    assert data["meta"]["html_url"] == "https://new.example.com/therapeutic-botox/"
