"""API keys: random secrets shown once, kept only as a SHA-256 hash, each bound to one site.

A key looks like ``cms_1a2b3c4d_<43 random characters>``. The ``cms_`` marker
lets secret scanners and log filters recognise a leaked key; the eight hex
digits after it are the *prefix*, stored in clear so administrators can tell
keys apart ("cms_1a2b3c4d…") and match a key someone holds to its row. The
rest is 256 bits from :mod:`secrets`.

Only ``sha256(key)`` is stored. A slow password hash (PBKDF2, Argon2) would
protect a guessable password; a 256-bit random secret cannot be guessed, and
a fast hash lets every API request look its key up by an indexed column (or,
once cached, with no query at all).
"""

import hashlib
import re
import secrets

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

KEY_MARKER = "cms_"
#: The shape of a key; anything else is refused before a lookup.
KEY_PATTERN = re.compile(r"cms_[0-9a-f]{8}_[A-Za-z0-9_-]{43}")


def hash_key(raw_key):
    """The stored form of a key: its SHA-256, in hex."""
    return hashlib.sha256(raw_key.encode()).hexdigest()


def new_secret():
    """A fresh ``(raw key, prefix)``; the raw key must be shown once and never stored."""
    prefix = secrets.token_hex(4)
    return f"{KEY_MARKER}{prefix}_{secrets.token_urlsafe(32)}", prefix


class ApiKeyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiKey(models.Model):
    """A consumer's credential for the API: a front end, a sync job, a partner.

    Bound to one Wagtail Site: requests with the key are served that site's
    content whatever host they are sent to, and a preview needs a key of the
    site it previews. Optionally bound to some locales. Revoking keeps the
    row (who had access, and until when) and stops the key at once.
    """

    name = models.CharField(
        max_length=100,
        help_text="Who uses this key, so you can recognise it later, "
        "e.g. 'Calgary website (production)'.",
    )
    site = models.ForeignKey(
        "wagtailcore.Site",
        on_delete=models.CASCADE,
        related_name="api_keys",
        help_text="The site whose content this key reads. It cannot be changed "
        "later: issue a new key instead.",
    )
    locales = models.ManyToManyField(
        "wagtailcore.Locale",
        blank=True,
        related_name="+",
        help_text="Languages this key may read. Leave empty to allow every language.",
    )
    rate_limit = models.PositiveIntegerField(
        "rate limit",
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Requests this key may make per minute. Leave empty for the usual limit.",
    )
    prefix = models.CharField(max_length=8, unique=True, editable=False)
    hashed_key = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        editable=False,
        related_name="+",
    )
    rotated_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField("last used", null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField("revoked", null=True, blank=True, editable=False)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        verbose_name = "API key"
        ordering = ["site__hostname", "name", "pk"]

    def __str__(self):
        return f"{self.name} ({self.display_prefix})"

    @property
    def display_prefix(self):
        """What administrators see of the key: ``cms_1a2b3c4d…``."""
        return f"{KEY_MARKER}{self.prefix}…" if self.prefix else ""

    display_prefix.fget.short_description = "Key"

    @property
    def is_active(self):
        return self.revoked_at is None

    @property
    def status(self):
        return "Active" if self.is_active else "Revoked"

    status.fget.short_description = "Status"

    def set_new_secret(self):
        """Give the key a new secret and return it; the caller saves the key and shows it once."""
        while True:
            raw_key, prefix = new_secret()
            if not ApiKey.objects.filter(prefix=prefix).exists():
                break
        self.previous_hashed_key = self.hashed_key or None
        self.prefix = prefix
        self.hashed_key = hash_key(raw_key)
        return raw_key

    @classmethod
    def issue(cls, *, name, site, locales=(), rate_limit=None, user=None):
        """Create a key and return ``(key, raw key)``."""
        key = cls(name=name, site=site, rate_limit=rate_limit, created_by=user)
        raw_key = key.set_new_secret()
        key.save()
        if locales:
            key.locales.set(locales)
        return key, raw_key

    def rotate(self):
        """Replace the secret (the old one stops working at once); return the new one."""
        raw_key = self.set_new_secret()
        self.rotated_at = timezone.now()
        self.save()
        return raw_key

    def revoke(self):
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])
