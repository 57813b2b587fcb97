import re

from django.core.exceptions import ValidationError

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
