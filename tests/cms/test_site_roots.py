import pytest
from wagtail.models import Page, Site


@pytest.mark.django_db
def test_deleting_a_clinic_that_is_a_site_root_is_refused(admin_client, calgary):
    response = admin_client.post(f"/admin/pages/{calgary.pk}/delete/", follow=True)

    assert response.status_code == 200
    assert Page.objects.filter(pk=calgary.pk).exists()
    assert Site.objects.filter(root_page=calgary).exists()
    message = " ".join(str(m) for m in response.context["messages"])
    assert "home page of the site calgary.example.test" in message


@pytest.mark.django_db
def test_a_clinic_without_a_site_can_be_deleted(admin_client, calgary):
    Site.objects.filter(root_page=calgary).delete()

    response = admin_client.post(f"/admin/pages/{calgary.pk}/delete/")

    assert response.status_code == 302
    assert not Page.objects.filter(pk=calgary.pk).exists()
