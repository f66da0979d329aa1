"""`procesregie demo-agenda [--today YYYY-MM-DD]`: the demo region's coming meetings (this week and next), with
agendas and a few prepared notes, planned through the meetings services as each table's procesregisseur
(synthetic/coming_meetings.py). Run after `demo-users` (the services act for active accounts only). Idempotent.
Refuses to run in production.
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from procesregie.synthetic.coming_meetings import plan_coming_meetings


class Command(BaseCommand):
    help = "Schedule the demo tables' meetings of this week and next, with agendas (demo installations only)."

    def add_arguments(self, parser):
        parser.add_argument("--today", default=None, metavar="YYYY-MM-DD", help="plan from this day (default: today)")

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("demo-agenda weigert te draaien in productie (PROCESREGIE_ENV=production).")
        today = timezone.localdate()
        if options["today"]:
            try:
                today = datetime.date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(f"--today {options['today']!r} is not a date (YYYY-MM-DD)") from None
        planned = plan_coming_meetings(today=today)
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"{planned.meetings} overleggen gepland, {planned.items} agendapunten, {planned.prepared} voorbereid"
                + (f"; {planned.tables_without_regisseur} tafels zonder actieve procesregisseur overgeslagen"
                   if planned.tables_without_regisseur else "")
            )
