"""Issue, rotate, revoke and list API keys from the command line (for deployment scripts).

    manage.py api_key issue --site calgary.localhost --name "Calgary website" \
        [--locale fr-CA] [--rate-limit 600]
    manage.py api_key rotate cms_1a2b3c4d
    manage.py api_key revoke cms_1a2b3c4d
    manage.py api_key list

``issue`` and ``rotate`` print the new key alone on standard output (and
what it is on standard error), so a script can capture it:
``KEY=$(manage.py api_key issue ...)``. Keys are named by their prefix, as
the admin lists them.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Locale, Site

from cms.keys.models import KEY_MARKER, ApiKey
from treatment_pages.api_locale import normalise


class Command(BaseCommand):
    help = "Issue, rotate, revoke or list API keys. A new key is printed once and never stored."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        issue = actions.add_parser("issue", help="Issue a key for a site.")
        issue.add_argument("--site", required=True, help="The site's hostname[:port].")
        issue.add_argument("--name", required=True, help="Who uses the key.")
        issue.add_argument(
            "--locale",
            action="append",
            default=[],
            help="A language code the key may read (repeat for more); all when omitted.",
        )
        issue.add_argument("--rate-limit", type=int, help="Requests per minute for this key.")
        for name, text in (("rotate", "Give a key a new secret."), ("revoke", "Revoke a key.")):
            action = actions.add_parser(name, help=text)
            action.add_argument("prefix", help="The key's prefix, e.g. cms_1a2b3c4d.")
        actions.add_parser("list", help="List keys.")

    def handle(self, *args, action, **options):
        return getattr(self, action)(**options)

    @transaction.atomic
    def issue(self, site, name, locale, rate_limit, **options):
        hostname, _, port = site.partition(":")
        sites = Site.objects.filter(hostname=hostname, **({"port": port} if port else {}))
        if len(sites) != 1:
            raise CommandError(
                f"No single site has the hostname {site!r}; choose one of: "
                + ", ".join(f"{s.hostname}:{s.port}" for s in Site.objects.all())
            )
        locales = []
        for code in locale:
            found = Locale.objects.filter(language_code__iexact=normalise(code)).first()
            if found is None:
                known = ", ".join(Locale.objects.values_list("language_code", flat=True))
                raise CommandError(f"Unknown locale {code!r}; known locales: {known}")
            locales.append(found)
        if rate_limit is not None and rate_limit < 1:
            raise CommandError("--rate-limit must be at least 1.")
        key, raw_key = ApiKey.issue(
            name=name, site=sites[0], locales=locales, rate_limit=rate_limit
        )
        self.stderr.write(f"Issued {key} for {key.site}. It is shown once; store it now.")
        self.stdout.write(raw_key)

    def find(self, prefix):
        bare = prefix.removeprefix(KEY_MARKER).rstrip("…")
        key = ApiKey.objects.filter(prefix=bare).first()
        if key is None:
            raise CommandError(f"No API key has the prefix {prefix!r}; see 'api_key list'.")
        return key

    def rotate(self, prefix, **options):
        key = self.find(prefix)
        if not key.is_active:
            raise CommandError(f"{key} is revoked; issue a new key instead.")
        raw_key = key.rotate()
        self.stderr.write(f"Rotated {key}: the old secret no longer works. Store the new one now.")
        self.stdout.write(raw_key)

    def revoke(self, prefix, **options):
        key = self.find(prefix)
        key.revoke()
        self.stdout.write(f"Revoked {key}.")

    def list(self, **options):
        keys = ApiKey.objects.select_related("site").prefetch_related("locales")
        if not keys:
            self.stdout.write("No API keys.")
        for key in keys:
            locales = ",".join(locale.language_code for locale in key.locales.all()) or "all"
            used = key.last_used_at.isoformat(timespec="minutes") if key.last_used_at else "never"
            self.stdout.write(
                f"{key.display_prefix}\t{key.status}\t{key.site.hostname}\t{locales}\t"
                f"last used {used}\t{key.name}"
            )
