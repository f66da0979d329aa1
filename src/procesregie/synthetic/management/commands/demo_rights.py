"""`procesregie demo-rights [--today YYYY-MM-DD]`: a correction and a restriction of processing in force on a case
of the demo procesregisseur, recorded by the demo privacy officer (synthetic/demo_rights.py). Run after `demo-users`.
Writes nothing into an installation that has corrections or restrictions. Refuses to run in production.
"""

from django.core.management.base import BaseCommand

from procesregie.synthetic.demo_rights import write_rights_requests
from procesregie.synthetic.management.demo_day import add_today_argument, refuse_production, today_from


class Command(BaseCommand):
    help = "Record a correction and a restriction on a demo case (demo installations only)."

    def add_arguments(self, parser):
        add_today_argument(parser, "as on this day (default: today)")

    def handle(self, *args, **options):
        refuse_production("demo-rights")
        written = write_rights_requests(today=today_from(options["today"], not_after_today=True))
        if options["verbosity"] >= 1:
            self.stdout.write(f"{written} verzoeken van betrokkenen geschreven")
