"""``manage.py add_clinic``: open a clinic in one step (see ``locations.onboarding``)."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from locations.onboarding import onboard_clinic

CLINIC_OPTIONS = {
    "street_address": "Street address, e.g. '1207 17 Ave SW, Suite 220'.",
    "city": "City, e.g. Calgary.",
    "province": "Two-letter province code (default AB).",
    "postal_code": "Postal code, e.g. T2T 0B9.",
    "phone": "The number patients call, e.g. 403-555-0142.",
    "email": "Front-desk email address (optional).",
    "booking_url": "Online booking address (optional).",
    "latitude": "Latitude in decimal degrees, e.g. 51.03788.",
    "longitude": "Longitude in decimal degrees, e.g. -114.08993.",
    "time_zone": "Time zone of the opening hours (default America/Edmonton).",
}
REQUIRED = ("street_address", "city", "postal_code", "phone", "latitude", "longitude")


class Command(BaseCommand):
    help = (
        "Open a clinic: its clinic page, Wagtail site, image collection and editors group. "
        "Safe to run again: what exists is kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--name", required=True, help="The clinic's name, e.g. 'Calgary Beltline Clinic'."
        )
        parser.add_argument(
            "--hostname", required=True, help="The site's hostname, e.g. calgary.example.com."
        )
        parser.add_argument("--port", type=int, default=80, help="The site's port (default 80).")
        parser.add_argument("--slug", help="The clinic page's slug (default: from the name).")
        parser.add_argument(
            "--frontend-url", default="", help="The public front end's base URL, if any."
        )
        for name, text in CLINIC_OPTIONS.items():
            parser.add_argument(f"--{name.replace('_', '-')}", dest=name, help=text)

    def handle(self, *args, name, hostname, port, slug, frontend_url, **options):
        fields = {key: options[key] for key in CLINIC_OPTIONS if options.get(key) not in (None, "")}
        for key in ("latitude", "longitude"):
            if key in fields:
                try:
                    fields[key] = Decimal(fields[key])
                except InvalidOperation as e:
                    raise CommandError(
                        f"--{key} must be a number in decimal degrees, e.g. 51.03788."
                    ) from e
        try:
            result = onboard_clinic(
                name=name,
                hostname=hostname,
                port=port,
                frontend_url=frontend_url,
                slug=slug,
                clinic_fields=fields,
                required=REQUIRED,
            )
        except ValidationError as e:
            raise CommandError(describe(e)) from e
        for part, status in result.statuses.items():
            style = self.style.SUCCESS if status == "created" else str
            self.stdout.write(f"  {style(status.ljust(9))} {part}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.clinic.title} is served at http://{result.site.hostname}"
                f"{'' if result.site.port == 80 else f':{result.site.port}'}/. "
                f"Add its editors to the group '{result.group.name}'."
            )
        )


def describe(error):
    """A ValidationError as lines naming the option to fix."""
    if hasattr(error, "message_dict"):
        return "\n".join(
            f"--{field.replace('_', '-')}: {' '.join(messages)}"
            if field != "__all__"
            else " ".join(messages)
            for field, messages in error.message_dict.items()
        )
    return " ".join(error.messages)
