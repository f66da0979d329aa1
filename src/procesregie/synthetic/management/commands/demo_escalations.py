"""`procesregie demo-escalations [--today YYYY-MM-DD] [--seed N]`: open and resolved escalations of the demo region,
raised by the demo procesregisseur and partners on their cases and resolved by the demo manager
(synthetic/demo_escalations.py). Run after `demo-users` (only active demo logins raise and resolve). Writes nothing
into an installation that has escalations. Refuses to run in production.
"""

from django.core.management.base import BaseCommand

from procesregie.synthetic.demo_escalations import write_escalations
from procesregie.synthetic.generator import DEFAULT_SEED
from procesregie.synthetic.management.demo_day import add_today_argument, refuse_production, today_from


class Command(BaseCommand):
    help = "Write open and resolved escalations of the demo region (demo installations only)."

    def add_arguments(self, parser):
        add_today_argument(parser, "as on this day (default: today)")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (same seed, same escalations)")

    def handle(self, *args, **options):
        refuse_production("demo-escalations")
        written = write_escalations(today=today_from(options["today"], not_after_today=True), seed=options["seed"])
        if options["verbosity"] >= 1:
            self.stdout.write(f"{written.open} open escalaties en {written.resolved} afgehandelde geschreven")
