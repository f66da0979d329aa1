"""`procesregie demo-signals [--today YYYY-MM-DD] [--seed N]`: the demo region's meldingen and adviesgesprekken up to
today, with the conversations' texts, so that every persona meets them (synthetic/demo_signals.py). Run after
`import` and `demo-users`. A second run adds nothing. Refuses to run in production.
"""

from django.core.management.base import BaseCommand

from procesregie.synthetic.demo_signals import continue_signals
from procesregie.synthetic.generator import DEFAULT_SEED
from procesregie.synthetic.management.demo_day import add_today_argument, refuse_production, today_from


class Command(BaseCommand):
    help = "Write the demo region's signals (meldingen, adviesgesprekken) up to today (demo installations only)."

    def add_arguments(self, parser):
        add_today_argument(parser, "write up to this day (default: today)")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (same seed, same signals)")

    def handle(self, *args, **options):
        refuse_production("demo-signals")
        written = continue_signals(today=today_from(options["today"], not_after_today=True), seed=options["seed"])
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"{written.signals} meldingen en adviesgesprekken geschreven: {written.anonymous} anoniem, "
                f"{written.open} nog af te handelen, {written.registrations} omgezet in een aanmelding die op "
                "triage wacht"
            )
