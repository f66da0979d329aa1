"""`procesregie demo-escalations [--today YYYY-MM-DD] [--seed N]`: open and resolved escalations of the demo region,
raised by the demo procesregisseur and partners on their cases and resolved by the demo manager
(synthetic/demo_escalations.py). Run after `demo-users` (only active demo logins raise and resolve). Writes nothing
into an installation that has escalations. Refuses to run in production.
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from procesregie.synthetic.demo_escalations import write_escalations
from procesregie.synthetic.generator import DEFAULT_SEED


class Command(BaseCommand):
    help = "Write open and resolved escalations of the demo region (demo installations only)."

    def add_arguments(self, parser):
        parser.add_argument("--today", default=None, metavar="YYYY-MM-DD", help="as on this day (default: today)")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (same seed, same escalations)")

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("demo-escalations weigert te draaien in productie (PROCESREGIE_ENV=production).")
        today = timezone.localdate()
        if options["today"]:
            try:
                today = datetime.date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(f"--today {options['today']!r} is not a date (YYYY-MM-DD)") from None
            if today > timezone.localdate():
                raise CommandError(f"--today {options['today']} lies after today ({timezone.localdate()})")
        written = write_escalations(today=today, seed=options["seed"])
        if options["verbosity"] >= 1:
            self.stdout.write(f"{written.open} open escalaties en {written.resolved} afgehandelde geschreven")
