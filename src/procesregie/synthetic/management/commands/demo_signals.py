"""`procesregie demo-signals [--today YYYY-MM-DD] [--seed N]`: the demo region's meldingen and adviesgesprekken up to
today, with the conversations' texts, so that every persona meets them (synthetic/demo_signals.py). Run after
`import` and `demo-users`. A second run on the same day adds nothing. Refuses to run in production.
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from procesregie.synthetic.demo_signals import continue_signals
from procesregie.synthetic.generator import DEFAULT_SEED


class Command(BaseCommand):
    help = "Write the demo region's signals (meldingen, adviesgesprekken) up to today (demo installations only)."

    def add_arguments(self, parser):
        parser.add_argument("--today", default=None, metavar="YYYY-MM-DD", help="write up to this day (default: today)")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (same seed, same signals)")

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("demo-signals weigert te draaien in productie (PROCESREGIE_ENV=production).")
        today = timezone.localdate()
        if options["today"]:
            try:
                today = datetime.date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(f"--today {options['today']!r} is not a date (YYYY-MM-DD)") from None
            if today > timezone.localdate():
                raise CommandError(f"--today {options['today']} lies after today ({timezone.localdate()})")
        written = continue_signals(today=today, seed=options["seed"])
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"{written.signals} meldingen en adviesgesprekken geschreven: {written.anonymous} anoniem, "
                f"{written.open} nog af te handelen, {written.registrations} omgezet in een aanmelding die op "
                "triage wacht"
            )
