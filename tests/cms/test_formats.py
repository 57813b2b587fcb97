"""Prices, dates and times as each language writes them, and a French catalogue that is complete.

The formats come from ``cms/formats/<locale>/formats.py`` (``FORMAT_MODULE_PATH``)
and the catalogues in each app's ``locale/`` directory; the filters read the
active language, which the URL's prefix sets.
"""

import gettext
import shutil
import subprocess
from datetime import date, time
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation
from phonenumber_field.phonenumber import PhoneNumber, to_python

from locations.templatetags.clinic_tags import dollars, phone_display, price_range, tel_href

NBSP = "\xa0"


def render(source, **context):
    return Template("{% load i18n %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "price", "expected"),
    [
        ("en-ca", {"min": Decimal("350.00")}, "$350"),
        ("en-ca", {"min": Decimal("1234.56")}, "$1,234.56"),
        ("en-ca", {"min": Decimal("250"), "max": Decimal("450")}, "$250–$450"),
        ("en-ca", {"min": Decimal("1250.50"), "max": Decimal("1250.50")}, "$1,250.50"),
        ("fr-ca", {"min": Decimal("350.00")}, f"350{NBSP}$"),
        ("fr-ca", {"min": Decimal("1234.56")}, f"1{NBSP}234,56{NBSP}$"),
        ("fr-ca", {"min": Decimal("250"), "max": Decimal("450")}, f"250{NBSP}$ à 450{NBSP}$"),
        ("fr-ca", {"min": Decimal("12345678.9")}, f"12{NBSP}345{NBSP}678,90{NBSP}$"),
    ],
)
def test_price_range_is_written_as_each_language_writes_money(language, price, expected):
    with translation.override(language):
        assert price_range(price) == expected


def test_price_range_is_empty_without_a_price():
    with translation.override("fr-ca"):
        assert price_range(None) == ""
        assert price_range({"min": None}) == ""


def test_dollars_never_lets_a_french_price_wrap():
    with translation.override("fr-ca"):
        assert " " not in dollars(Decimal("1234567"))


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en-ca", "November 29, 2026"), ("fr-ca", "29 novembre 2026")],
)
def test_dates_are_written_as_each_language_writes_them(language, expected):
    with translation.override(language):
        assert render("{{ day|date }}", day=date(2026, 11, 29)) == expected


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("en-ca", time(14, 30), "2:30 p.m."),
        ("en-ca", time(8, 0), "8 a.m."),
        ("fr-ca", time(14, 30), f"14{NBSP}h{NBSP}30"),
        ("fr-ca", time(8, 0), f"8{NBSP}h{NBSP}00"),
    ],
)
def test_times_are_written_as_each_language_writes_them(language, value, expected):
    with translation.override(language):
        assert render("{{ value|time }}", value=value) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en-ca", "Monday, November 30"), ("fr-ca", "lundi 30 novembre")],
)
def test_special_days_name_the_weekday_in_each_language(language, expected):
    source = (
        '{% translate "l, F j" context "date format of a special day: weekday, month and day '
        '(Django date format)" as day_format %}{{ day|date:day_format }}'
    )
    with translation.override(language):
        assert render(source, day=date(2026, 11, 30)) == expected


def test_choice_labels_patients_read_are_translated():
    from locations.models import Weekday
    from treatment_pages.models.risks import Action, Frequency

    with translation.override("fr-ca"):
        assert str(Frequency.COMMON.label) == "Fréquent"
        assert str(Action.URGENT_CARE.label) == "Obtenir des soins d’urgence"
        assert str(Weekday.MONDAY.label) == "Lundi"
    assert str(Frequency.COMMON.label) == "Common"


def catalogues():
    apps = [settings.BASE_DIR / "treatment_pages", settings.BASE_DIR / "locations"]
    roots = [Path(path) for path in settings.LOCALE_PATHS] + [app / "locale" for app in apps]
    found = sorted(root / "fr" / "LC_MESSAGES" / "django.po" for root in roots)
    assert all(path.exists() for path in found), found
    return found


def unquote(text):
    """A .po string literal's content: escapes (\\n, \\") resolved, UTF-8 kept."""
    return text.encode().decode("unicode_escape").encode("latin-1").decode()


def po_entries(path):
    """``{(context, msgid): msgstr}`` of a .po file (a small reader: no dependency for it)."""
    entries, current, field = {}, {}, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("#") or not line.strip():
            if "msgid" in current and current["msgid"]:
                key = (current.get("msgctxt"), current["msgid"])
                entries[key] = current.get("msgstr", current.get("msgstr[0]", ""))
            current, field = {}, None
            continue
        if line.startswith('"'):
            current[field] += unquote(line[1:-1])
            continue
        field, _, value = line.partition(" ")
        current[field] = unquote(value[1:-1])
    return entries


@pytest.mark.parametrize("po", catalogues(), ids=lambda path: str(path.parent.parent.parent))
def test_french_catalogue_is_complete_and_compiled(po):
    entries = po_entries(po)
    assert entries, po
    untranslated = [key for key, value in entries.items() if not value]
    assert not untranslated, f"untranslated in {po}: {untranslated}"
    assert "#, fuzzy" not in po.read_text(encoding="utf-8"), f"fuzzy entries in {po}"
    compiled = gettext.GNUTranslations(po.with_suffix(".mo").open("rb"))
    for (context, msgid), msgstr in entries.items():
        got = compiled.pgettext(context, msgid) if context else compiled.gettext(msgid)
        assert got == msgstr, f"{po.with_suffix('.mo')} is stale: run `make messages`"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
@pytest.mark.parametrize("po", catalogues(), ids=lambda path: str(path.parent.parent.parent))
def test_french_catalogue_has_valid_placeholders(po, tmp_path):
    """msgfmt --check-format: every %(name)s of the English is in the French, and no more."""
    result = subprocess.run(  # noqa: S603 - fixed arguments
        ["msgfmt", "--check-format", "-o", str(tmp_path / "out.mo"), str(po)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("value", "display", "href"),
    [
        ("+14035550134", "(403) 555-0134", "tel:+14035550134"),
        ("403-555-0134", "(403) 555-0134", "tel:+14035550134"),  # the default region: Canada
        (PhoneNumber.from_string("+17805550199"), "(780) 555-0199", "tel:+17805550199"),
        # Parsed in its own region: dialled as that country writes it, linked.
        (
            PhoneNumber.from_string("020 7946 0958", region="GB"),
            "020 7946 0958",
            "tel:+442079460958",
        ),
        (
            PhoneNumber.from_string("+1 403-555-0134 ext. 12"),
            "(403) 555-0134 ext. 12",
            "tel:+14035550134",
        ),
        # Text stored before validation, which never parsed: shown as typed, never linked.
        (to_python("call the front desk"), "call the front desk", ""),
        ("12", "12", ""),
        ("not a number", "not a number", ""),
        ("", "", ""),
        (None, "", ""),
        (0, "", ""),
    ],
)
def test_phone_numbers_as_patients_dial_them(value, display, href):
    assert phone_display(value) == display
    assert tel_href(value) == href


def test_a_choice_label_follows_the_active_language_each_time(risk_list):
    from treatment_pages.choices import choice_label

    item = risk_list.items.first()
    item.frequency = "common"
    for language, expected in [("fr-ca", "Fréquent"), ("en-ca", "Common"), ("fr-ca", "Fréquent")]:
        with translation.override(language):
            assert choice_label(item, "frequency") == expected
    item.frequency = "not-a-choice"
    assert choice_label(item, "frequency") == "not-a-choice"
