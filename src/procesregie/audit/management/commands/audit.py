"""`procesregie audit verify` checks the hash chain of the access log; `audit show --subject` lists accesses.

`verify` exits 0 and prints the number of verified entries and the head of every chain (record them outside
the database and pass them later as `--anchor SEQUENCE:HASH`, one per chain); it exits 1 naming the first
damaged place (chain and position) otherwise. It also prints every chain's pruning anchor (docs/decisions/0018):
where the chain was pruned and when, and from which entry it continues; a recorded anchor that has been pruned
away since is named as no longer checkable.
"""

import argparse
import re
import uuid

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from procesregie.audit.errors import ChainBroken
from procesregie.audit.guards import missing_guards
from procesregie.audit.selectors import entries_for_subject
from procesregie.audit.verify import verify_chain

ANCHOR = re.compile(r"^(?P<sequence>[1-9][0-9]*):(?P<hash>[0-9a-f]{64})$")


def _anchor(value: str) -> tuple[int, str]:
    match = ANCHOR.match(value.strip().lower())
    if not match:
        raise argparse.ArgumentTypeError(_("Een anker heeft de vorm VOLGNUMMER:HASH (64 hexadecimale tekens)."))
    return int(match["sequence"]), match["hash"]


def _subject(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise argparse.ArgumentTypeError(_("Een pseudonieme sleutel is een UUID.")) from None


def _moment(value) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else "?"


class Command(BaseCommand):
    help = gettext_lazy("Controleer of toon het toegangslogboek.")

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="subcommand", required=True)
        verify = commands.add_parser("verify", help=gettext_lazy("Controleer de hashketen van het toegangslogboek."))
        verify.add_argument(
            "--anchor",
            action="append",
            type=_anchor,
            default=[],
            metavar="VOLGNUMMER:HASH",
            help=gettext_lazy("Een eerder vastgelegde kop die nog in de keten moet staan (herhaalbaar)."),
        )
        show = commands.add_parser("show", help=gettext_lazy("Toon wie de gegevens van een betrokkene heeft ingezien."))
        show.add_argument(
            "--subject", type=_subject, required=True, help=gettext_lazy("De pseudonieme sleutel (UUID).")
        )

    def handle(self, *args, subcommand: str, **options):
        if subcommand == "verify":
            self.verify(dict(options["anchor"]))
        else:
            self.show(options["subject"])

    def verify(self, anchors: dict[int, str]) -> None:
        try:
            result = verify_chain(anchors)
        except ChainBroken as broken:
            if broken.chain is None:
                message = _("Toegangslogboek beschadigd: %(reason)s") % {"reason": broken.message}
            else:
                message = _("Toegangslogboek beschadigd in keten %(chain)s bij plaats %(position)s: %(reason)s") % {
                    "chain": broken.chain,
                    "position": broken.position,
                    "reason": broken.message,
                }
            raise CommandError(message, returncode=1) from None
        missing = missing_guards(connection)
        if missing:
            raise CommandError(
                _("De keten is heel, maar de beveiliging tegen wijzigen ontbreekt: %(names)s")
                % {"names": ", ".join(missing)},
                returncode=1,
            )
        self.stdout.write(
            _("Toegangslogboek intact: %(count)s regels in %(chains)s ketens gecontroleerd.")
            % {"count": result.count, "chains": len(result.heads)}
        )
        self.stdout.write(_("Koppen (bewaar ze buiten de database; controleer later met --anchor VOLGNUMMER:HASH):"))
        for chain, head in result.heads.items():
            if head.position:
                self.stdout.write(
                    _("keten %(chain)s: %(seq)s:%(hash)s") % {"chain": chain, "seq": head.sequence, "hash": head.hash}
                )
            else:
                self.stdout.write(_("keten %(chain)s: leeg") % {"chain": chain})
        self.write_pruned(result)

    def write_pruned(self, result) -> None:
        pruned = {chain: p for chain, p in result.pruned.items() if p.head.position}
        if not pruned:
            self.stdout.write(_("Opschoonankers: nog niets opgeschoond; elke keten begint bij plaats 1."))
        else:
            self.stdout.write(
                _("Opschoonankers (de laatste opgeschoonde regel per keten; de keten gaat verder met de plaats erna):")
            )
        for chain, p in pruned.items():
            self.stdout.write(
                _("opschoonanker keten %(chain)s: %(seq)s:%(hash)s (plaats %(pos)s, geschreven %(written)s; "
                  "opgeschoond %(pruned)s, regels van voor %(before)s)")
                % {
                    "chain": chain,
                    "seq": p.head.sequence,
                    "hash": p.head.hash,
                    "pos": p.head.position,
                    "written": _moment(p.occurred_at),
                    "pruned": _moment(p.pruned_at),
                    "before": p.before.isoformat() if p.before else "?",
                }
            )
        if result.unverifiable:
            self.stdout.write(
                _("Niet meer te controleren: de vastgelegde ankers %(seqs)s liggen in het opgeschoonde deel. Leg na "
                  "elke opschoning de koppen en opschoonankers hierboven opnieuw vast.")
                % {"seqs": ", ".join(str(seq) for seq in result.unverifiable)}
            )

    def show(self, subject_key: uuid.UUID) -> None:
        for entry in entries_for_subject(subject_key).iterator(chunk_size=1000):
            self.stdout.write(
                "\t".join(
                    [
                        str(entry.sequence),
                        timezone.localtime(entry.occurred_at).isoformat(timespec="seconds"),
                        entry.actor_username,
                        entry.actor_organisation,
                        entry.actor_roles,
                        str(entry.get_action_display()),
                        f"{entry.object_type}:{entry.object_id}",
                        str(entry.purpose_case_id or ""),
                        entry.purpose_approach,
                        entry.ip,
                        str(entry.get_outcome_display()),
                    ]
                )
            )
