"""`procesregie demo-retention`: the demo's retention extensions (synthetic/demo_retention.py): one by the demo
procesregisseur, a repeated one by the demo privacy officer. Run after `demo-users`, before `retention propose`.
Writes nothing into an installation that has extensions. Refuses to run in production.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from procesregie.synthetic.demo_retention import write_extensions
from procesregie.synthetic.management.demo_day import refuse_production


class Command(BaseCommand):
    help = "Write the demo's retention extensions (demo installations only)."

    def handle(self, *args, **options):
        refuse_production("demo-retention")
        written = write_extensions(today=timezone.localdate())
        if options["verbosity"] >= 1:
            self.stdout.write(f"{written} verlenging(en) van de bewaartermijn geschreven")
