import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

# Canadian postal codes: letter-digit-letter digit-letter-digit. The letters
# D, F, I, O, Q and U never appear; W and Z never start a code.
POSTAL_CODE_RE = re.compile(r"^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d$")


def normalise_postal_code(value):
    """'t2p1j9' -> 'T2P 1J9'; anything that is not a postal code is returned as typed."""
    compact = re.sub(r"\s+", "", value or "").upper()
    if len(compact) == 6:
        return f"{compact[:3]} {compact[3:]}"
    return value


def validate_postal_code(value):
    if not POSTAL_CODE_RE.match(normalise_postal_code(value)):
        raise ValidationError(
            "Enter a Canadian postal code such as T2P 1J9 (letter, number, letter, "
            "space, number, letter, number).",
            code="invalid_postal_code",
        )


PREVIEW_TOKEN_PLACEHOLDER = "{token}"  # noqa: S105 - a placeholder, not a secret


def validate_preview_url(value):
    """An http(s) address with ``{token}`` in it, and no other ``{...}``."""
    example = "e.g. https://calgary.example.com/api/preview?token={token}"
    if value.count(PREVIEW_TOKEN_PLACEHOLDER) != 1:
        raise ValidationError(
            f"Put {{token}} once in the address, where the preview code goes ({example}).",
            code="preview_url_token",
        )
    filled = value.replace(PREVIEW_TOKEN_PLACEHOLDER, "token")
    if "{" in filled or "}" in filled:
        raise ValidationError(
            f"The only placeholder the address may hold is {{token}} ({example}).",
            code="preview_url_placeholder",
        )
    try:
        URLValidator(schemes=["http", "https"])(filled)
    except ValidationError as e:
        raise ValidationError(
            f"Enter a full web address starting with https:// ({example}).",
            code="preview_url_invalid",
        ) from e
