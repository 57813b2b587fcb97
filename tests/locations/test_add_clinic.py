"""manage.py add_clinic: a clinic's page, site, collection and editors group in one step."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from wagtail.models import Collection, GroupPagePermission, Site

from locations.models import ClinicPage, FrontendSettings

ARGS = [
    "--name=Lethbridge Clinic",
    "--hostname=lethbridge.example.test",
    "--frontend-url=https://lethbridge.example.com/",
    "--street-address=320 6 St S",
    "--city=Lethbridge",
    "--postal-code=t1j2c9",
    "--phone=403-555-0177",
    "--latitude=49.6956",
    "--longitude=-112.8451",
]


def add_clinic(*args):
    out = io.StringIO()
    call_command("add_clinic", *args, stdout=out)
    return out.getvalue()


def state():
    return (
        ClinicPage.objects.count(),
        Site.objects.count(),
        Collection.objects.count(),
        Group.objects.count(),
        GroupPagePermission.objects.count(),
    )


def test_add_clinic_sets_up_everything_once(library):
    output = add_clinic(*ARGS)

    clinic = ClinicPage.objects.get(slug="lethbridge-clinic")
    assert clinic.live and clinic.postal_code == "T1J 2C9"
    site = Site.objects.get(root_page=clinic)
    assert site.hostname == "lethbridge.example.test"
    assert FrontendSettings.for_site(site).frontend_url == "https://lethbridge.example.com/"
    group = Group.objects.get(name="Lethbridge Clinic editors")
    assert set(group.page_permissions.values_list("page_id", flat=True)) == {clinic.pk}
    assert Collection.objects.filter(name="Lethbridge Clinic").exists()
    assert "Lethbridge Clinic editors" in output

    before = state()
    add_clinic(*ARGS)
    assert state() == before


def test_missing_and_invalid_values_say_what_to_fix(library):
    with pytest.raises(CommandError, match="--street-address: Required"):
        add_clinic("--name=X", "--hostname=x.example.test")
    with pytest.raises(CommandError, match="--postal-code: Enter a Canadian postal code"):
        add_clinic(*ARGS[:5], "--postal-code=12345", *ARGS[6:])
    with pytest.raises(CommandError, match="--latitude must be a number"):
        add_clinic(*ARGS[:7], "--latitude=north", *ARGS[8:])
    with pytest.raises(CommandError, match="without http://"):
        add_clinic("--name=X", "--hostname=https://x.example.test/", *ARGS[3:])
    assert not ClinicPage.objects.exists()


def test_a_hostname_already_in_use_is_refused(library, calgary):
    with pytest.raises(CommandError, match="already serves 'Calgary clinic'"):
        add_clinic("--name=Other", "--hostname=calgary.example.test", *ARGS[3:])
