"""`procesregie retention propose|approve|destroy`: the destruction lists from the command line (docs/retention.md).

- `propose [--as-of DATE]`: add everything past its retention date at DATE (default today) to the open destruction
  list, or to a new one (`retention.services.proposing.destruction_list_propose`; idempotent: run it daily).
- `approve --as USERNAME --reason TEXT`: approve every pending item of the open lists in the name of a privacy
  officer, logged as the review in the application is (`destruction_list_approve_all`).
- `destroy [--as-of DATE] [--chunk-size N]`: carry out the approved items (`destruction_carry_out`), re-checking each
  at DATE (default today), N items per transaction (default 500; `-v 2` prints each transaction's time); idempotent. A DATE after today only in a demo installation (`settings.DEMO`; the tests run as
  one): anywhere else, production or not, it is refused.

The output counts items and data per kind: never a name, a reference or a key. Refusals exit with status 1 and say
why; nothing is changed then.
"""

import datetime
from collections import Counter

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from procesregie.access.capabilities import REVIEW_DESTRUCTION, may
from procesregie.core.errors import DomainError

from ...models import Decision, ItemKind
from ...services.proposing import destruction_list_propose, open_lists


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(_("Een datum heeft de vorm JJJJ-MM-DD.")) from None


def _kinds(counter: Counter) -> str:
    labels = {kind.value: str(kind.label) for kind in ItemKind}
    return ", ".join(f"{labels.get(kind, kind)}: {number}" for kind, number in sorted(counter.items())) or "-"


class Command(BaseCommand):
    help = gettext_lazy("Vernietigingslijsten: voorstellen, goedkeuren en uitvoeren (docs/retention.md).")

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="subcommand", required=True)
        propose = commands.add_parser("propose", help=gettext_lazy(
            "Zet alles waarvan de bewaartermijn is verstreken op de open vernietigingslijst."))
        propose.add_argument("--as-of", default="", help=gettext_lazy("Peildatum (JJJJ-MM-DD), standaard vandaag."))
        approve = commands.add_parser("approve", help=gettext_lazy(
            "Keur alle te beoordelen items van de open lijsten goed namens een privacyfunctionaris."))
        approve.add_argument("--as", dest="username", required=True,
                             help=gettext_lazy("De gebruikersnaam van de privacyfunctionaris."))
        approve.add_argument("--reason", required=True, help=gettext_lazy("De reden van de goedkeuring."))
        destroy = commands.add_parser("destroy", help=gettext_lazy("Vernietig de goedgekeurde items."))
        destroy.add_argument("--as-of", default="", help=gettext_lazy(
            "Controleer de bewaartermijn op deze datum (JJJJ-MM-DD), standaard vandaag."))
        destroy.add_argument("--chunk-size", type=int, default=0, help=gettext_lazy(
            "Aantal items per transactie (standaard 500)."))

    def handle(self, *args, subcommand: str, **options):
        try:
            {"propose": self.propose, "approve": self.approve, "destroy": self.destroy}[subcommand](**options)
        except DomainError as refusal:
            raise CommandError(str(refusal)) from None

    def propose(self, *, as_of: str, **_options):
        as_of_date = _date(as_of) if as_of else timezone.localdate()
        before = {item_id for current in open_lists() for item_id in current.items.values_list("pk", flat=True)}
        destruction_list = destruction_list_propose(actor=None, as_of=as_of_date)
        if destruction_list is None:
            self.stdout.write(_("Niets is over de bewaartermijn op %(date)s; er is geen open vernietigingslijst.")
                              % {"date": as_of_date.isoformat()})
            return
        added = Counter(destruction_list.items.exclude(pk__in=before).values_list("kind", flat=True))
        pending = destruction_list.items.filter(decision=Decision.PENDING).count()
        if added:
            self.stdout.write(_("Vernietigingslijst %(list)s (peildatum %(date)s): %(added)d nieuw (%(kinds)s).")
                              % {"list": destruction_list.pk, "date": as_of_date.isoformat(),
                                 "added": sum(added.values()), "kinds": _kinds(added)})
        else:
            self.stdout.write(_("Niets nieuws over de bewaartermijn op %(date)s.") % {"date": as_of_date.isoformat()})
        self.stdout.write(_("Open vernietigingslijst %(list)s: %(pending)d item(s) te beoordelen.")
                          % {"list": destruction_list.pk, "pending": pending})

    def approve(self, *, username: str, reason: str, **_options):
        from ...services.reviewing import destruction_list_approve_all

        actor = get_user_model().objects.filter(username=username, is_active=True).first()
        if actor is None:
            raise CommandError(_("Er is geen actieve gebruiker %(username)s.") % {"username": username})
        if not may(actor, REVIEW_DESTRUCTION):
            raise CommandError(_("%(username)s is geen privacyfunctionaris: alleen die keurt vernietiging goed.")
                               % {"username": username})
        lists = list(open_lists())
        approved = 0
        with transaction.atomic():  # every list, or none
            for destruction_list in lists:
                approved += destruction_list_approve_all(actor=actor, destruction_list=destruction_list,
                                                         reason=reason)
        self.stdout.write(_("%(approved)d item(s) goedgekeurd op %(lists)d open vernietigingslijst(en).")
                          % {"approved": approved, "lists": len(lists)})

    def destroy(self, *, as_of: str, chunk_size: int = 0, verbosity: int = 1, **_options):
        from ...services.destroying import CHUNK_SIZE, destruction_carry_out

        on = _date(as_of) if as_of else None
        if on is not None and on > timezone.localdate() and not (settings.DEMO and not settings.PRODUCTION):
            # A later day would destroy what is not yet past its date today. Fail closed: only a demo installation
            # (PROCESREGIE_DEMO, which the test suite is too) may look ahead, never any other environment.
            raise CommandError(_("--as-of na vandaag kan alleen in een demo-installatie (PROCESREGIE_DEMO) of een "
                                 "test: elders controleert de opdracht met vandaag."))
        if chunk_size < 0:
            raise CommandError(_("--chunk-size is een positief aantal items."))

        durations: list[float] = []

        def progress(items: int, seconds: float) -> None:  # -v 2: one line per transaction, for a scheduler's log
            durations.append(seconds)
            if verbosity >= 2:
                self.stdout.write(_("Deel: %(items)d item(s) in %(seconds).1f s.") % {"items": items, "seconds": seconds})

        outcome = destruction_carry_out(actor=None, on=on, chunk_size=chunk_size or CHUNK_SIZE, progress=progress)
        self.stdout.write(_("%(destroyed)d item(s) vernietigd, %(lapsed)d vervallen (niet meer over de termijn).")
                          % {"destroyed": outcome["destroyed"], "lapsed": outcome["lapsed"]})
        for kind, number in outcome.get("data", {}).items():
            self.stdout.write(f"  {kind}: {number}")
        if outcome.get("lists_closed"):
            self.stdout.write(_("Afgeronde vernietigingslijsten: %(lists)s.")
                              % {"lists": ", ".join(str(pk) for pk in outcome["lists_closed"])})
        if verbosity >= 2 and durations:
            self.stdout.write(_("%(chunks)d transactie(s), de langste %(seconds).1f s.")
                              % {"chunks": len(durations), "seconds": max(durations)})
