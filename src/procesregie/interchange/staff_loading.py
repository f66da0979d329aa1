"""Write the version 2 files on staff, tables and participants (after `DatasetChecks` passed them).

- `staff.csv`: a new account is created inactive, with an unusable password and no second factor (the
  functional administrator's invitation activates it, never the import). A listed existing account gets the
  dataset's name, organisation and exactly its roles, and keeps its password, factors and active state. The
  checks refused the dataset if it would change the roles or organisation of an account that is or was in use
  (`StaffChecks`, `access.accounts.accounts_an_import_may_shape`), so those are equal here.
- `tables.csv` is upserted by `table_ref` (`Table.code`); `table_members.csv` replaces the member
  organisations and named people of each table it names.
- `case_participants.csv` replaces the participations of each case it names; every period of an organisation
  but its last is stored as removed (at the start of the day after its `until`), so one stays open.
Equal rows are left alone, so a second import of the same dataset changes nothing.
"""

import datetime
from collections import defaultdict

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from procesregie.access.users import regisseur_accounts
from procesregie.accounts.models import RoleAssignment, User
from procesregie.casework.models import Participation
from procesregie.core.inserting import insert_rows
from procesregie.reference.models import District, Table

from . import format as fmt
from . import loading  # its upsert and replace_children; loading calls this module's functions in turn
from .staff_checks import participation_periods


def split_name(name: str | None) -> tuple[str, str]:
    """`name` into Django's first and last name, at its first space ("Jan de Vries" → "Jan", "de Vries")."""
    first, _space, last = (name or "").partition(" ")
    return first, last


def full_name(first: str, last: str) -> str:
    """The `name` cell of an account (the inverse of `split_name` for names it made)."""
    return " ".join(part for part in (first, last) if part)


def load_staff(data, ids: dict) -> None:
    """Create and update the accounts of `staff.csv`; sets ids["user"] (username → id, every account)."""
    records = data[fmt.STAFF]
    organisation = ids["organisation"]
    existing = {user.username: user for user in User.objects.filter(username__in=[r["username"] for r in records])}
    new, changed = [], []
    for r in records:
        first, last = split_name(r["name"])
        user = existing.get(r["username"])
        if user is None:
            new.append(User(
                username=r["username"], first_name=first, last_name=last, organisation_id=organisation[r["organisation"]],
                is_active=False, password=make_password(None),  # unusable: no login before the invitation
            ))
            continue
        dirty = False
        if full_name(user.first_name, user.last_name) != (r["name"] or ""):  # the same name stays as it was split
            user.first_name, user.last_name, dirty = first, last, True
        if user.organisation_id != organisation[r["organisation"]]:
            user.organisation_id, dirty = organisation[r["organisation"]], True
        if dirty:
            changed.append(user)
    if new:
        User.objects.bulk_create(new)
    if changed:
        User.objects.bulk_update(changed, ["first_name", "last_name", "organisation_id"])
    ids["user"] = dict(User.objects.values_list("username", "id"))
    _replace_sets(RoleAssignment, "user_id", "role", {ids["user"][r["username"]]: set(r["roles"] or ()) for r in records})


def _replace_sets(model, parent: str, column: str, wanted: dict) -> None:
    """Make the `column` values of the `model` rows of each `parent` id in `wanted` exactly its set; rows that stay
    are not touched (a role assignment, a table's member organisation or person)."""
    stored = defaultdict(dict)
    for parents in loading.chunks(list(wanted)):
        for pk, owner, value in model.objects.filter(**{f"{parent}__in": parents}).values_list("id", parent, column):
            stored[owner][value] = pk
    doomed = [pk for owner, values in wanted.items() for value, pk in stored[owner].items() if value not in values]
    for pks in loading.chunks(doomed):
        model.objects.filter(id__in=pks).delete()
    insert_rows(model, [parent, column], sorted(
        (owner, value) for owner, values in wanted.items() for value in values if value not in stored[owner]
    ))


def load_tables(data, ids: dict) -> None:
    """Upsert `tables.csv` and replace the members of the tables in `table_members.csv`; sets ids["table"]."""
    districts = dict(District.objects.values_list("name", "id"))
    loading.upsert(Table, "code", {
        r["table_ref"]: {
            "name": r["name"], "approach_id": ids["approach"][r["approach"]],
            "district_id": districts[r["district"]] if r["district"] else None,
        } for r in data[fmt.TABLES]
    }, ["name", "approach_id", "district_id"])
    ids["table"] = dict(Table.objects.values_list("code", "id"))
    records = data[fmt.TABLE_MEMBERS]
    if not records:
        return
    regisseurs = set(_regisseur_ids({ids["user"][r["username"]] for r in records if r["username"]}))
    members, staffing, named = defaultdict(set), defaultdict(set), defaultdict(set)
    for r in records:
        table = ids["table"][r["table_ref"]]
        members[table].add(ids["organisation"][r["organisation"]])
        named[table]  # every table in the file: its named people are replaced too (possibly by none)
        staffing[table]
        if r["username"]:
            user = ids["user"][r["username"]]
            (staffing if user in regisseurs else named)[table].add(user)
    _replace_sets(Table.members.through, "table_id", "organisation_id", members)
    _replace_sets(Table.procesregisseurs.through, "table_id", "user_id", staffing)
    _replace_sets(Table.named_members.through, "table_id", "user_id", named)


def _regisseur_ids(user_ids: set[int]):
    for chunk in loading.chunks(sorted(user_ids)):
        yield from regisseur_accounts().filter(id__in=chunk).values_list("id", flat=True)


def load_participants(data, ids: dict) -> None:
    """Replace the participations of each case in `case_participants.csv` (equal ones are left alone)."""
    rows = defaultdict(list)
    for periods in participation_periods(data[fmt.CASE_PARTICIPANTS]):
        for index, r in enumerate(periods):
            last = index == len(periods) - 1
            rows[ids["case"][r["case_ref"]]].append((
                ids["organisation"][r["organisation"]], r["since"], r["until"], None if last else ended_at(r["until"]),
            ))
    for values in rows.values():
        values.sort(key=lambda value: (value[0], value[1]))
    loading.replace_children(Participation, "case_id", dict(rows), ["organisation_id", "since", "until", "removed_at"])


def ended_at(until: datetime.date) -> datetime.datetime:
    """When a period that ran through `until` ended: the start of the next day (the same on every import)."""
    return timezone.make_aware(datetime.datetime.combine(until + datetime.timedelta(days=1), datetime.time.min))
