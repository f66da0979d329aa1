"""Write the installation as an interchange dataset (every cell formula-escaped).

Version 1's files are always written; version 2's files on staff, tables, participants and signals only when
they hold data. Rows come in a fixed order, so exporting the same installation twice gives the same bytes.
"""

from collections import defaultdict
from pathlib import Path

from django.utils import timezone

from procesregie.access.accounts import staff_accounts
from procesregie.accounts.models import Organisation, RoleAssignment
from procesregie.casework.models import Participation, Registration
from procesregie.meetings.models import Discussion
from procesregie.monitoring.models import Measurement
from procesregie.plans.models import CaseIntervention
from procesregie.reference.models import Approach, Intervention, LifeDomain, Municipality, Table
from procesregie.signals.models import Signal
from procesregie.subjects.models import Person, PoliceRegistration, System, SystemMember

from . import format as fmt
from .csvfile import write_rows
from .staff_loading import full_name

DECISION = {"pending": None, "accepted": "accepted", "declined": "declined"}


def _queries():
    yield fmt.MUNICIPALITIES, Municipality.objects.order_by("code").values_list("code", "name", "district__name")
    yield fmt.ORGANISATIONS, Organisation.objects.order_by("code").values_list("code", "name", "kind", "wgs_participant")
    yield fmt.APPROACHES, Approach.objects.order_by("code").values_list(
        "code", "name", "unit", "duration_scheme", "parent__code"
    )
    yield fmt.DOMAINS, LifeDomain.objects.order_by("position", "code").values_list("code", "name")
    yield fmt.INTERVENTIONS, Intervention.objects.order_by("code").values_list("code", "name")
    yield fmt.STAFF, _staff()
    yield fmt.TABLES, Table.objects.order_by("code").values_list("code", "name", "approach__code", "district__name")
    yield fmt.TABLE_MEMBERS, _table_members()
    yield fmt.PERSONS, Person.objects.order_by("ref").values_list(
        "ref", "bsn", "given_name", "family_name", "birth_date", "municipality__code"
    )
    yield fmt.SYSTEMS, System.objects.order_by("ref").values_list("ref", "name", "municipality__code")
    yield fmt.SYSTEM_MEMBERS, SystemMember.objects.order_by("system__ref", "id").values_list(
        "system__ref", "person__ref", "role"
    )
    yield fmt.CASES, (
        (ref, person or system, approach, municipality, reporter, registered_on, DECISION[status], triage_on,
         start, end, reason, source, *rest)
        for (ref, person, system, approach, municipality, reporter, registered_on, status, triage_on, start, end,
             reason, source, *rest) in Registration.objects.order_by("ref").values_list(
            "ref", "person__ref", "system__ref", "approach__code", "municipality__code", "reported_by__code",
            "registered_on", "status", "triage_on", "case__start_date", "case__end_date", "case__end_reason__code",
            "case__transferred_from__registration__ref", "case__table__code", "case__procesregisseur__username",
            "case__case_holder__code",
        ).iterator(chunk_size=5000)
    )
    yield fmt.DISCUSSIONS, Discussion.objects.order_by("case__registration__ref", "id").values_list(
        "meeting__ref", "date", "case__registration__ref", "client_present", "expert_present"
    ).iterator(chunk_size=5000)
    yield fmt.MEASUREMENTS, Measurement.objects.order_by("case__registration__ref", "id").values_list(
        "case__registration__ref", "date", "kind", "domain__code", "level"
    ).iterator(chunk_size=5000)
    yield fmt.CASE_INTERVENTIONS, CaseIntervention.objects.order_by("case__registration__ref", "id").values_list(
        "case__registration__ref", "intervention__code", "organisation__code", "agreed_on", "status", "due_date"
    ).iterator(chunk_size=5000)
    yield fmt.POLICE_REGISTRATIONS, PoliceRegistration.objects.order_by("person__ref", "id").values_list(
        "person__ref", "date", "kind"
    ).iterator(chunk_size=5000)
    yield fmt.CASE_PARTICIPANTS, _participants()
    yield fmt.SIGNALS, (
        (ref, approach, date, kind, reporter, municipality, person or system, outcome, registration)
        for ref, approach, date, kind, reporter, municipality, person, system, outcome, registration
        in Signal.objects.order_by("ref").values_list(
            "ref", "approach__code", "date", "kind", "reported_by__code", "municipality__code", "person__ref",
            "system__ref", "outcome", "registration__ref",
        ).iterator(chunk_size=5000)
    )


def _staff():
    """Every account of an organisation (one without, the installation's superuser, is no staff member; nor is an API
    client's service account, access.accounts.staff_accounts)."""
    roles = defaultdict(set)
    for user_id, role in RoleAssignment.objects.values_list("user_id", "role"):
        roles[user_id].add(role)
    return [
        (username, full_name(first, last), organisation, fmt.join_roles(roles[pk]))
        for pk, username, first, last, organisation in staff_accounts().filter(organisation__isnull=False)
        .order_by("username").values_list("id", "username", "first_name", "last_name", "organisation__code")
    ]


def _table_members():
    """Per table its member organisations; an organisation with named people (procesregisseurs who staff the
    table, named members) once per person, one without them once without a username."""
    rows = set()
    named = set()
    for table, organisation in Table.members.through.objects.values_list("table__code", "organisation__code"):
        rows.add((table, organisation, ""))
    for through in (Table.procesregisseurs.through, Table.named_members.through):
        for table, organisation, username in through.objects.filter(user__organisation__isnull=False).values_list(
            "table__code", "user__organisation__code", "user__username"
        ):
            rows.add((table, organisation, username))
            named.add((table, organisation))
    return sorted(row for row in rows if row[2] or row[:2] not in named)


def _participants():
    """Every participation; one that was removed ends at the latest on the day it was removed."""
    rows = []
    for case, organisation, since, until, added_at, removed_at in Participation.objects.values_list(
        "case__registration__ref", "organisation__code", "since", "until", "added_at", "removed_at"
    ).iterator(chunk_size=5000):
        if removed_at is not None:  # removed on the page, or an earlier period of an import (removed after until)
            removed_on = timezone.localdate(removed_at)
            until = removed_on if until is None else min(until, removed_on)
        rows.append((case, organisation, since or timezone.localdate(added_at), until))
    rows.sort(key=lambda row: (row[0], row[1], row[2], row[3] is None, row[3]))
    return rows


def write_dataset(directory: Path) -> dict[str, int]:
    written = {}
    for spec, rows in _queries():
        path = directory / spec.name
        if spec in fmt.WRITTEN_WHEN_FILLED:
            rows = list(rows)
            if not rows:
                path.unlink(missing_ok=True)  # not a file of an earlier export into the same folder
                continue
        written[spec.name] = write_rows(path, spec.allowed, rows)
    return written
