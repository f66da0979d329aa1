"""`procesregie reminders send`: e-mail every user the number of their new reminders (a scheduled job, e.g. each
working day at 7:00; see README "Herinneringen"). Running it again sends nothing new: a reminder is mailed once.

The link in the e-mail needs the installation's address: PROCESREGIE_SITE_URL, or `--site-url`.
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from procesregie.reminders.services import reminders_send


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(_("Een datum heeft de vorm JJJJ-MM-DD.")) from None


class Command(BaseCommand):
    help = gettext_lazy("Herinneringen per e-mail (elke herinnering één keer).")

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="subcommand", required=True)
        send = commands.add_parser("send", help=gettext_lazy("Mail iedereen met nieuwe herinneringen hoeveel het er zijn."))
        send.add_argument("--site-url", default="", help=gettext_lazy("Het adres van de installatie voor de link "
                                                                      "(standaard PROCESREGIE_SITE_URL)."))
        send.add_argument("--date", default="", help=gettext_lazy("Rekenen alsof het deze dag is (JJJJ-MM-DD); niet in "
                                                                  "productie."))

    def handle(self, *args, subcommand: str, site_url: str, date: str, **options):
        site_url = site_url or settings.SITE_URL
        if not site_url.startswith(("https://", "http://")):
            raise CommandError(_("Stel PROCESREGIE_SITE_URL in (of geef --site-url): de e-mail linkt naar de "
                                 "herinneringen, bijvoorbeeld https://procesregie.example.nl."))
        if date and settings.PRODUCTION:
            # What it sends is marked as sent: a run "as if" on a later day would keep that day's real mail back.
            raise CommandError(_("--date is voor een demo of een test: in productie rekent de opdracht met vandaag."))
        result = reminders_send(actor=None, site_url=site_url, today=_date(date) if date else None)
        self.stdout.write(_("%(mailed)d e-mail(s) verzonden; %(up_to_date)d gebruiker(s) zonder nieuwe herinneringen; "
                            "%(skipped)d overgeslagen (een andere run was bezig).") % result.__dict__)
