"""`procesregie demo-shielding`: a case for the demo's private and incidental partner (synthetic.demo_shielding)."""

from django.core.management.base import BaseCommand

from procesregie.synthetic.demo_shielding import give_cases
from procesregie.synthetic.management.demo_day import add_today_argument, refuse_production, today_from


class Command(BaseCommand):
    help = "Give the demo's private and incidental partner a case on the coming agenda (demo installations only)."

    def add_arguments(self, parser):
        add_today_argument(parser, "the coming agenda as on this day (default: today)")

    def handle(self, *args, **options):
        refuse_production("demo-shielding")
        done = give_cases(today=today_from(options["today"]))
        if options["verbosity"] >= 1:
            self.stdout.write(done)
