"""The acceptance test of issue 14's destruction (docs/decisions/0017), on SQLite and PostgreSQL.

A calibrated region (the golden test's dataset: `demo-data --calibrate` on the ZVHRU 2024 targets, imported) gets
free text of every kind on its subjects (registrations, case updates, goals, plans, agenda items and decisions,
discussions' notes, measurements' notes, reopenings, escalations, signals, rights requests, extensions), each text
with a marker word and the subject's name. Then, as a house runs it, `procesregie retention propose --as-of AS_OF`
lists everything past its date under the default policy (subjects and anonymous signals, `retention.due`), `retention
approve --as` the privacy officer approves the list and `retention destroy` erases it inside the report safeguard.
Then:

- the annual report of every year is byte-identical in JSON and CSV, and has the same cells in XLSX, and the
  snapshots stored by the safeguard hold exactly the JSON from before;
- the outcomes report (issue 15) may change, and does: the destroyed persons' police registrations are gone from
  the live report of their cohort years; the snapshot of every cohort year stored before the destruction holds
  the figures from before, and opens as a page and as JSON;
- a scan of every table and column of the database finds none of the destroyed subjects' names, BSNs, birth dates
  or free texts; their old subject keys only in the access log (one DELETE entry each); the kept subjects' names
  and texts are all still there (the scan does find what is present);
- `procesregie audit verify` passes;
- destroying again (`retention destroy`, and each `erase_*` itself) changes nothing: a dump of every table is identical.

Which names, BSNs and birth dates can be looked for: a value that the rest of the database also holds (another,
kept person with the same first name or birth date; a staff member's surname; a date that is also a case's start)
cannot tell whether erasure worked, so only the tokens that occur nowhere but in the destroyed subjects' own rows
are checked (`secrets_of`), and the test asserts that nearly all of them are checkable.
"""

import datetime
import io
import json
from collections import defaultdict
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from procesregie.accounts.roles import Role
from procesregie.audit.models import AccessLogEntry, Action
from procesregie.casework.models import Registration, Reopening
from procesregie.escalations.models import Escalation, EscalationOutcome, EscalationReason
from procesregie.meetings.models import AgendaItem, Decision, Discussion
from procesregie.monitoring.models import Measurement
from procesregie.plans.models import CaseIntervention, CaseUpdate, Goal, Plan
from procesregie.reference.models import ClosingReason, LifeDomain
from procesregie.reporting import snapshots
from procesregie.reporting.annual import annual_report_with_comparison
from procesregie.reporting.formats import FORMATS
from procesregie.reporting.models import ReportSnapshot
from procesregie.reporting.snapshots import report_years
from procesregie.retention.due import due_items
from procesregie.retention.erasure import erase_person, erase_signal, erase_system
from procesregie.retention.models import DestructionList, Result, RetentionExtension
from procesregie.retention.safeguard import reports_unchanged
from procesregie.signals.models import Signal
from procesregie.subjects.models import Person, PoliceRegistration, RightsRequest, RightsRequestKind, System

from ..logins import verified_client
from ..personas import make_user
from .database_scan import dump, token_index, tokens_of

REPO_ROOT = Path(__file__).resolve().parents[2]
TARGET = REPO_ROOT.parent / "shared" / "reference" / "zvhru-2024-targets-v2.json"
SEED = 2024
# The data runs to 2024 (most of it from 2022); at AS_OF the default periods (a year for declined registrations and
# signals, five years after a case's end) have passed for what ended before 2024, not for the rest.
AS_OF = datetime.date(2029, 1, 1)
ON = AS_OF
CUTOFF = datetime.date(2024, 1, 1)  # the rights requests and extensions added to the destroyed subjects end before it
SUBJECT_TABLES = frozenset({"subjects_person", "subjects_system"})


def due_subjects() -> tuple[list[Person], list[System], list[Signal]]:
    """What is past its date at AS_OF under the default policy (retention.due.due_items): persons, systems and
    anonymous signals."""
    ids: dict[str, list[int]] = defaultdict(list)
    for due in due_items(AS_OF):
        ids[due.kind].append(due.object_id)
    return (list(Person.objects.filter(pk__in=ids["person"]).order_by("pk")),
            list(System.objects.filter(pk__in=ids["system"]).order_by("pk")),
            list(Signal.objects.filter(pk__in=ids["signal"]).order_by("pk")))


def add_free_text(registrations, signals, persons, systems, *, word: str, author) -> set[str]:
    """Free text of every kind about these subjects, each with a marker word (returned) and the subject's name."""
    markers: set[str] = set()

    def text(kind: str, pk: int, name: str) -> str:
        marker = f"{word}{kind}{pk}"
        markers.add(marker.lower())
        return f"{marker}: {name} woont bij zijn moeder en heeft schulden."

    reason = ClosingReason.objects.exclude(code=ClosingReason.INTERNAL_TRANSFER).first()
    domain = LifeDomain.objects.order_by("pk").first()
    for registration in registrations:
        subject = registration.person or registration.system
        name = str(subject)
        Registration.objects.filter(pk=registration.pk).update(
            reason=text("reden", registration.pk, name), triage_note=text("triage", registration.pk, name),
            reported_name=name, contact_name=text("contact", registration.pk, ""),
            contact_email=f"{word}mail{registration.pk}@example.org",
            reported_members=[{"name": text("lid", registration.pk, name), "role": "ouder"}],
        )
        markers.add(f"{word}mail{registration.pk}".lower())
        case = getattr(registration, "case", None)
        if case is None:
            continue
        CaseUpdate.objects.create(case=case, text=text("update", case.pk, name), author=author)
        goal = Goal.objects.create(case=case, domain=domain, description=text("doel", case.pk, name))
        Plan.objects.create(case=case, version=2)
        CaseIntervention.objects.filter(case=case).update(note=text("interventie", case.pk, name), goal=goal,
                                                          responsible_person=author)
        Discussion.objects.filter(case=case).update(notes=text("notitie", case.pk, name))
        # Rows the report does not read (a later nulmeting, an earlier eindmeting, with other levels): erasure must
        # keep the right ones. The calibrated data has one of each per case and domain.
        extra = []
        for measurement in Measurement.objects.filter(case=case, kind__in=["nulmeting", "eindmeting"]):
            shift = datetime.timedelta(days=1 if measurement.kind == "nulmeting" else -1)
            extra.append(Measurement(case=case, domain_id=measurement.domain_id, kind=measurement.kind,
                                     date=measurement.date + shift, level=6 - measurement.level))
        Measurement.objects.bulk_create(extra)
        Measurement.objects.filter(case=case).update(note=text("meting", case.pk, name), recorded_by=author)
        discussion = Discussion.objects.filter(case=case).first()
        if discussion is not None:
            item, _ = AgendaItem.objects.update_or_create(
                meeting=discussion.meeting, case=case,
                defaults={"position": 99, "prepared_notes": text("voorbereiding", case.pk, name)},
            )
            Decision.objects.create(agenda_item=item, text=text("besluit", case.pk, name), created_by=author)
        if case.end_date:
            Reopening.objects.create(case=case, closed_on=case.start_date, end_reason=reason,
                                     reason=text("heropening", case.pk, name), reopened_by=author)
        Escalation.objects.create(
            case=case, raised_on=case.start_date, reason=EscalationReason.NO_LEAD, raised_by=author,
            explanation=text("escalatie", case.pk, name), resolved_on=case.start_date,
            outcome=EscalationOutcome.AGREED, resolution=text("afhandeling", case.pk, name), resolved_by=author,
        )
    for signal in signals:
        name = str(signal.person or signal.system or "")
        Signal.objects.filter(pk=signal.pk).update(
            question=text("vraag", signal.pk, name), advice=text("advies", signal.pk, name),
            reporter_name=text("melder", signal.pk, ""), reported_name=name,
        )
    for subject in [*persons, *systems]:
        kind = "person" if isinstance(subject, Person) else "system"
        RightsRequest.objects.create(**{kind: subject}, kind=RightsRequestKind.CORRECTIE, received_on=CUTOFF,
                                     description=text(f"verzoek{kind}", subject.pk, str(subject)))
        RetentionExtension.objects.create(**{kind: subject}, until=CUTOFF, reason=text(f"verlenging{kind}",
                                          subject.pk, str(subject)), extended_by=author)
    return markers


def renderings() -> dict[int, dict[str, object]]:
    """Per year: the JSON and CSV bytes, and the XLSX cells (the file's bytes hold the time it was written)."""
    result = {}
    for year in report_years():
        report, comparison = annual_report_with_comparison(year=year)
        workbook = openpyxl.load_workbook(io.BytesIO(FORMATS["xlsx"](report, None, comparison)))
        cells = {sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook}
        result[year] = {"json": FORMATS["json"](report), "csv": FORMATS["csv"](report), "xlsx": cells}
    return result


def registrations_counted(document: bytes) -> int:
    """Every police registration an outcomes document counts (all approaches, before and after, and the comparison
    groups): what a destruction of persons can only lower."""
    total = 0
    for block in json.loads(document)["approaches"].values():
        for figures in (block["recidivism"], block["recidivism"]["comparison"]):
            total += figures["registrations_before"] + figures["registrations_after"]
    return total


def secrets_of(before: dict, destroyed_ids: set[int], background: dict) -> dict[str, str]:
    """Token → what it is, for the destroyed persons' names, BSNs and birth dates and the destroyed systems' names
    that occur nowhere else: not in the rest of the database before any of this, not in a kept subject."""
    kept_tokens: set[str] = set()
    for pk, values in before["persons"].items():
        if pk not in destroyed_ids["person"]:
            kept_tokens |= tokens_of(" ".join(str(v) for v in values.values()))
    for pk, name in before["systems"].items():
        if pk not in destroyed_ids["system"]:
            kept_tokens |= tokens_of(name)
    secrets = {}
    for pk in destroyed_ids["person"]:
        values = before["persons"][pk]
        for field in ("given_name", "family_name", "bsn", "birth_date"):
            for token in tokens_of(values[field]):
                if len(token) >= 4 and token not in background and token not in kept_tokens:
                    secrets[token] = f"person {pk} {field}"
    for pk in destroyed_ids["system"]:
        for token in tokens_of(before["systems"][pk]):
            if len(token) >= 4 and token not in background and token not in kept_tokens:
                secrets[token] = f"system {pk} name"
    return secrets


@pytest.mark.django_db
def test_destroying_a_calibrated_region_keeps_every_report_and_leaves_no_personal_data(tmp_path):
    assert TARGET.is_file(), f"the shared target {TARGET} is missing"
    call_command("demo_data", calibrate=str(TARGET), seed=SEED, out=str(tmp_path), verbosity=0)
    call_command("import", str(tmp_path), verbosity=0)
    officer = make_user("privacy-erasure", None, Role.PRIVACY_OFFICER)
    background = token_index(skip_tables=SUBJECT_TABLES)  # before any personal data leaves the subject tables

    persons, systems, anonymous = due_subjects()
    assert len(persons) > 50 and len(systems) > 5 and len(anonymous) > 5, (len(persons), len(systems), len(anonymous))
    kept_persons = list(Person.objects.exclude(pk__in=[p.pk for p in persons]).exclude(
        memberships__system__in=systems).order_by("pk")[:20])
    destroyed_registrations = list(Registration.objects.filter(person__in=persons).select_related("case")) + list(
        Registration.objects.filter(system__in=systems).select_related("case"))
    secret_markers = add_free_text(
        destroyed_registrations,
        [*Signal.objects.filter(person__in=persons), *Signal.objects.filter(system__in=systems), *anonymous],
        persons, systems, word="geheim", author=officer,
    )
    kept_markers = add_free_text(
        list(Registration.objects.filter(person__in=kept_persons).select_related("case")),
        list(Signal.objects.filter(person__in=kept_persons)), kept_persons, [], word="bewaard", author=officer,
    )
    before = {
        "persons": {p["id"]: p for p in Person.objects.values("id", "given_name", "family_name", "bsn", "birth_date")},
        "systems": dict(System.objects.values_list("id", "name")),
        "keys": dict(Person.objects.values_list("id", "subject_key")),
        "system_keys": dict(System.objects.values_list("id", "subject_key")),
    }
    reports_before = renderings()
    assert len(reports_before) >= 10
    outcomes_before = snapshots.take([snapshots.REGISTRY["outcomes"]])  # what the safeguard takes: every cohort year
    assert len(outcomes_before) == len(reports_before)
    destroyed_police = PoliceRegistration.objects.filter(person__in=persons).count()
    assert destroyed_police > 50 and PoliceRegistration.objects.exclude(person__in=persons).exists()

    # The way a house runs it (docs/retention.md): propose, the privacy officer approves, destroy.
    call_command("retention", "propose", "--as-of", AS_OF.isoformat(), stdout=io.StringIO())
    (destruction_list,) = DestructionList.objects.all()
    assert destruction_list.items.count() == len(persons) + len(systems) + len(anonymous)
    call_command("retention", "approve", "--as", officer.username, "--reason", "Termijn verstreken",
                 stdout=io.StringIO())
    call_command("retention", "destroy", "--as-of", ON.isoformat(), stdout=io.StringIO())
    assert set(destruction_list.items.values_list("result", flat=True)) == {Result.DESTROYED}

    # Every annual report of every year is what it was, and its snapshot holds the JSON from before.
    reports_after = renderings()
    assert reports_after.keys() == reports_before.keys()
    for year, before_year in reports_before.items():
        for fmt in ("json", "csv", "xlsx"):
            assert reports_after[year][fmt] == before_year[fmt], (year, fmt)
        snapshot = ReportSnapshot.objects.get(kind="annual", parameters__year=year)
        assert snapshot.document.encode("utf-8") == before_year["json"]
        assert snapshot.destruction_list_id == destruction_list.pk

    # The outcomes report of every cohort year as it was before is kept (the first chunk's snapshot; a later chunk
    # stores what changed since), while the live report lost the destroyed persons' police registrations.
    assert not PoliceRegistration.objects.filter(person__in=persons).exists()
    outcomes_now = snapshots.retake(outcomes_before)
    lost = 0
    for key, taken in outcomes_before.items():
        first, last, as_of = (taken.parameters[name] for name in ("first", "last", "as_of"))
        stored = ReportSnapshot.objects.filter(kind="outcomes", parameters__first=first, parameters__last=last,
                                               parameters__as_of=as_of, sha256=taken.sha256)
        assert [(s.document.encode("utf-8"), s.destruction_list_id) for s in stored] == [
            (taken.document, destruction_list.pk)], taken.parameters
        difference = registrations_counted(taken.document) - registrations_counted(outcomes_now[key].document)
        assert difference >= 0, taken.parameters
        lost += difference
    assert lost > 20  # the destroyed persons' registrations, counted in the snapshots and no longer live
    changed = [key for key, taken in outcomes_before.items() if outcomes_now[key].document != taken.document]
    snapshot = ReportSnapshot.objects.get(kind="outcomes", sha256=outcomes_before[changed[0]].sha256)
    reader = verified_client(officer)
    page = reader.get(reverse("reporting:snapshot-page", args=[snapshot.pk]))
    assert page.status_code == 200 and "kan niet als pagina worden getoond" not in page.content.decode()
    assert "Recidive: politieregistraties voor en na" in page.content.decode()
    download = reader.get(reverse("reporting:snapshot-file", args=[snapshot.pk]))
    assert download.content == outcomes_before[changed[0]].document

    destroyed = {
        "person": set(Person.objects.filter(destroyed_on=ON).values_list("id", flat=True)),
        "system": set(System.objects.filter(destroyed_on=ON).values_list("id", flat=True)),
    }
    assert {p.pk for p in persons} <= destroyed["person"] and {s.pk for s in systems} == destroyed["system"]
    assert not destroyed["person"] & {p.pk for p in kept_persons}

    # A scan of every table and column: no name, BSN, birth date or free text of a destroyed subject.
    secrets = secrets_of(before, destroyed, background)
    checkable_persons = {label.split()[1] for label in secrets.values() if label.startswith("person")}
    assert len(checkable_persons) > 0.9 * len(destroyed["person"])
    assert sum(label.endswith("bsn") for label in secrets.values()) > 0.5 * len(destroyed["person"])
    assert sum(label.endswith("birth_date") for label in secrets.values()) > 0.5 * len(destroyed["person"])
    index = token_index()
    found = {token: sorted(index[token]) for token in [*secrets, *secret_markers] if token in index}
    assert not found, {token: (secrets.get(token, "free text"), where) for token, where in list(found.items())[:20]}

    # The scan does see what is there: the kept subjects' texts and names.
    assert all(marker in index for marker in kept_markers)
    for person in kept_persons:
        assert ("subjects_person", "family_name") in index[tokens_of(person.family_name).pop()]

    # The old subject keys: only in the access log, each with exactly one DELETE entry.
    old_keys = [before["keys"][pk] for pk in destroyed["person"]] + [before["system_keys"][pk] for pk in destroyed["system"]]
    for key in old_keys:
        assert index[key.hex] == {("audit_accesslogentry", "subject_key")}, key
    deletions = AccessLogEntry.objects.filter(action=Action.DELETE, subject_key__in=old_keys)
    assert deletions.count() == len(old_keys)
    assert AccessLogEntry.objects.filter(action=Action.DELETE, subject_key__isnull=True,
                                         object_type="signals.signal").count() == len(anonymous)

    call_command("audit", "verify", stdout=io.StringIO())

    # The next safeguard keeps the outcomes report as the destruction left it, for the cohort years it changed
    # (nothing else: the rest is stored already); that is the only thing a safeguard without a destruction writes.
    with reports_unchanged():
        pass
    assert sorted(ReportSnapshot.objects.filter(destruction_list=None).values_list("kind", "sha256")) == sorted(
        ("outcomes", outcomes_now[key].sha256) for key in changed)

    # Destroying again changes nothing: every table, row for row.
    state = dump()
    call_command("retention", "destroy", "--as-of", (ON + datetime.timedelta(days=1)).isoformat(),
                 stdout=io.StringIO())
    assert dump() == state
    with reports_unchanged():
        for person in Person.objects.filter(pk__in=destroyed["person"]):
            assert erase_person(actor=officer, person=person, on=ON + datetime.timedelta(days=1)) == {}
        for system in System.objects.filter(pk__in=destroyed["system"]):
            assert erase_system(actor=officer, system=system, on=ON + datetime.timedelta(days=1)) == {}
        for signal in anonymous:
            assert erase_signal(actor=officer, signal=signal, on=ON + datetime.timedelta(days=1)) == {}
    assert dump() == state
