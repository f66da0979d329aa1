"""`procesregie demo-agenda [--today YYYY-MM-DD]`: the demo region's coming meetings (this week and next), with
agendas and a few prepared notes, planned through the meetings services as each table's procesregisseur
(synthetic/coming_meetings.py). Run after `demo-users` (the services act for active accounts only). Idempotent.
Refuses to run in production.
"""

from django.core.management.base import BaseCommand

from procesregie.synthetic.coming_meetings import plan_coming_meetings
from procesregie.synthetic.management.demo_day import add_today_argument, refuse_production, today_from


class Command(BaseCommand):
    help = "Schedule the demo tables' meetings of this week and next, with agendas (demo installations only)."

    def add_arguments(self, parser):
        add_today_argument(parser, "plan from this day (default: today)")

    def handle(self, *args, **options):
        refuse_production("demo-agenda")
        planned = plan_coming_meetings(today=today_from(options["today"]))
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"{planned.meetings} overleggen gepland, {planned.items} agendapunten, {planned.prepared} voorbereid"
                + (f"; {planned.tables_without_regisseur} tafels zonder actieve procesregisseur overgeslagen"
                   if planned.tables_without_regisseur else "")
            )
