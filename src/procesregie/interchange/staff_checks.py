"""Checks of the version 2 files on staff, tables and participants, and of the v2 columns of `cases.csv`.

Run by `DatasetChecks` (checks.py), whose helpers and reference sets they use; nothing here writes.
"""

from collections import defaultdict
from itertools import pairwise

from django.utils.translation import gettext as _

from procesregie.access.accounts import (
    KEPT_ACTIVE,
    KEPT_INSTALLATION,
    accounts_an_import_keeps,
    api_client_accounts,
    staff_accounts,
)
from procesregie.access.users import regisseur_accounts
from procesregie.accounts.models import RoleAssignment, User
from procesregie.casework.models import Case
from procesregie.reference.models import District, Table

from . import format as fmt


def participation_periods(records) -> list[list]:
    """`case_participants.csv` records grouped per case and organisation, each group in order of `since` (then
    of line): every period but the last has ended. The checks and the loader read the groups the same way."""
    groups = defaultdict(list)
    for record in records:
        groups[(record["case_ref"], record["organisation"])].append(record)
    return [group if len(group) == 1 else sorted(group, key=lambda r: (r["since"], r.line)) for group in groups.values()]


class StaffChecks:
    def __init__(self, checks):
        self.checks = checks  # DatasetChecks: its dataset, helpers and the known organisations and approaches
        self.dataset = checks.dataset

    def run_before_cases(self) -> None:
        self._staff()
        self._tables()
        self._table_members()

    def run_after_cases(self, case_records) -> None:
        for record in case_records:
            self._case_columns(record)
        self._participants()

    # -- staff.csv ---------------------------------------------------------------------------------------
    def _staff(self) -> None:
        spec, checks = fmt.STAFF, self.checks
        # An API client's service account is no staff: unknown to the other files, refused in staff.csv.
        self.user_organisation = dict(staff_accounts().values_list("username", "organisation__code"))
        listed = [record["username"] for record in self.dataset[spec]]
        clients = set(api_client_accounts().filter(username__in=listed).values_list("username", flat=True))
        regisseurs = set(regisseur_accounts().values_list("username", flat=True))
        rejected = self.dataset.rejected_keys(spec, "username")
        kept = self._kept_accounts()
        for record in checks._unique(spec, "username"):
            checks._known(spec, record, "organisation", checks.organisations)
            name = record["username"]
            if name in clients:
                self._problem(spec, record, "username", _("het is het account van een koppeling (API): een import "
                                                          "wijzigt het niet"))
                continue
            if name in kept:
                self._keeps_roles_and_organisation(spec, record, *kept[name])
            self.user_organisation[name] = record["organisation"]
            if "procesregisseur" in (record["roles"] or ()):
                regisseurs.add(name)
            else:
                regisseurs.discard(name)  # the dataset's roles replace the stored ones
        # A row refused for a bad cell still names a known account (no second problem for every reference).
        self.user_organisation.update({name: None for name in rejected if name not in self.user_organisation})
        self.usernames = set(self.user_organisation)
        self.regisseurs = regisseurs | rejected

    def _kept_accounts(self) -> dict:
        """The listed existing accounts an import may not reshape (`access.accounts`): username → (why, the
        organisation code and the set of roles they hold)."""
        why = accounts_an_import_keeps([record["username"] for record in self.dataset[fmt.STAFF]])
        organisation = dict(User.objects.filter(username__in=list(why)).values_list("username", "organisation__code"))
        roles = {username: set() for username in why}
        assignments = RoleAssignment.objects.filter(user__username__in=list(why))
        for username, role in assignments.values_list("user__username", "role"):
            roles[username].add(role)
        return {username: (self._kept_message(reason), organisation[username], roles[username])
                for username, reason in why.items()}

    @staticmethod
    def _kept_message(reason: str) -> str:
        if reason == KEPT_INSTALLATION:
            return _("het is een beheeraccount van de installatie: een import wijzigt het niet")
        if reason == KEPT_ACTIVE:
            return _("het account is actief: rollen en organisatie wijzigt u in de applicatie, niet met een import")
        return _("het account is gedeactiveerd: een import wijzigt zijn rollen en organisatie niet")

    def _keeps_roles_and_organisation(self, spec, record, why, organisation, roles) -> None:
        if record["organisation"] != organisation:
            self._problem(spec, record, "organisation", why)
        if set(record["roles"] or ()) != roles:
            self._problem(spec, record, "roles", why)

    # -- tables.csv ----------------------------------------------------------------------------------------
    def _tables(self) -> None:
        spec, checks = fmt.TABLES, self.checks
        districts = set(District.objects.values_list("name", flat=True))
        districts |= {record["district"] for record in self.dataset[fmt.MUNICIPALITIES]}
        districts |= self.dataset.rejected_keys(fmt.MUNICIPALITIES, "district")
        self.table_approach = dict(Table.objects.values_list("code", "approach__code"))
        in_use = set(Case.objects.filter(table__isnull=False).values_list("table__code", flat=True).distinct())
        for record in checks._unique(spec, "table_ref"):
            ref = record["table_ref"]
            checks._known(spec, record, "approach", checks.approach_units)
            checks._known(spec, record, "district", districts)
            if ref in in_use and self.table_approach.get(ref) != record["approach"]:
                self._problem(spec, record, "approach", _("de aanpak van een overlegtafel met casussen kan niet veranderen"))
            self.table_approach[ref] = record["approach"]
        self.table_approach.update({ref: None for ref in self.dataset.rejected_keys(spec, "table_ref")})

    def _table_members(self) -> None:
        spec, checks = fmt.TABLE_MEMBERS, self.checks
        seen: dict = {}
        for record in self.dataset[spec]:
            ok = checks._known(spec, record, "table_ref", self.table_approach)
            ok &= checks._known(spec, record, "organisation", checks.organisations)
            name = record["username"]
            if name is not None and checks._known(spec, record, "username", self.usernames):
                organisation = self.user_organisation[name]
                if organisation not in (None, record["organisation"]):
                    self._problem(spec, record, "username", _("'%(username)s' hoort bij organisatie '%(organisation)s'")
                                  % {"username": name, "organisation": organisation})
            key = (record["table_ref"], record["organisation"], name)
            if ok and key in seen:
                self._problem(spec, record, "username" if name else "organisation",
                              _("staat al aan deze tafel (regel %(line)d)") % {"line": seen[key]})
            seen.setdefault(key, record.line)

    # -- cases.csv: table, regisseur, case_holder ----------------------------------------------------------------
    def _case_columns(self, record) -> None:
        spec, checks = fmt.CASES, self.checks
        for column in ("table", "regisseur", "case_holder"):
            if record[column] is not None and record["start_date"] is None:
                self._problem(spec, record, column, _("%(column)s vereist een start_date") % {"column": column})
        table = record["table"]
        if table is not None and checks._known(spec, record, "table", self.table_approach):
            approach = self.table_approach[table]
            if approach is not None and approach != record["approach"]:
                self._problem(spec, record, "table", _("deze overlegtafel hoort bij aanpak '%(approach)s'") % {"approach": approach})
        regisseur = record["regisseur"]
        if regisseur is not None and checks._known(spec, record, "regisseur", self.usernames):
            if regisseur not in self.regisseurs:
                self._problem(spec, record, "regisseur", _("'%(username)s' heeft niet de rol procesregisseur") % {"username": regisseur})
        checks._known(spec, record, "case_holder", checks.organisations)

    # -- case_participants.csv ------------------------------------------------------------------------------------
    def _participants(self) -> None:
        spec, checks = fmt.CASE_PARTICIPANTS, self.checks
        records = self.dataset[spec]
        for record in records:
            ref = record["case_ref"]
            if ref not in checks.trajectories:
                self._problem(spec, record, "case_ref",
                              _("'%(ref)s' is geen casus in regie (onbekend of zonder start_date)") % {"ref": ref})
            checks._known(spec, record, "organisation", checks.organisations)
            if record["until"] is not None and record["until"] < record["since"]:
                self._problem(spec, record, "until", _("until ligt voor since"))
        for periods in participation_periods(records):
            for earlier, later in pairwise(periods):
                if earlier["until"] is None:
                    self._problem(spec, later, "since", _("deze organisatie neemt al deel aan deze casus sinds "
                                                          "regel %(line)d, zonder until") % {"line": earlier.line})
                elif later["since"] < earlier["until"]:
                    self._problem(spec, later, "since", _("overlapt met de deelname op regel %(line)d (tot en met "
                                                          "%(until)s)") % {"line": earlier.line,
                                                                           "until": earlier["until"].isoformat()})

    def _problem(self, spec, record, column, message) -> None:
        self.checks._problem(spec, record, column, message)
