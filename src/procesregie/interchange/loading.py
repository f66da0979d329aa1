"""Write a checked dataset into the installation, in bulk (staff, tables and participants: `staff_loading`;
signals: `signal_loading`).

Rows with a key (codes and refs) are upserted: new ones created, changed ones updated, equal ones left alone.
Rows without a key (members, discussions, measurements, interventions, police registrations) belong to a
parent in the dataset: when the dataset's rows for that parent differ from the stored ones, the stored ones
are replaced, in file order. So importing the same dataset twice changes nothing the second time.
"""

from collections import defaultdict

from procesregie.accounts.models import DEFAULT_WGS_PARTICIPANT, Organisation
from procesregie.casework.models import Case, CaseStatus, Registration, RegistrationStatus
from procesregie.core.inserting import insert_rows
from procesregie.meetings.models import Discussion, Meeting
from procesregie.monitoring.models import Measurement
from procesregie.plans.models import CaseIntervention
from procesregie.reference.models import Approach, ClosingReason, District, Intervention, LifeDomain, Municipality
from procesregie.subjects.models import Person, PoliceRegistration, System, SystemMember

from . import format as fmt
from . import signal_loading, staff_loading
from .reading import Dataset

BATCH = 2000
CHUNK = 500  # ids per `IN (...)` query, well inside every database's parameter limit


def chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def upsert(model, key: str, rows: dict, fields: list[str]) -> dict:
    """Create or update `model` rows keyed by `key`; `rows` maps key → field values. Returns key → id."""
    existing = {getattr(obj, key): obj for obj in model.objects.only("id", key, *fields)}
    created, changed, changed_fields = [], [], set()
    for value, values in rows.items():
        obj = existing.get(value)
        if obj is None:
            if len(values) != len(fields):
                raise ValueError(f"{model.__name__} {value!r}: values for {sorted(values)}, expected {fields}")
            created.append((value, *(values[field] for field in fields)))
            continue
        dirty = [field for field in fields if getattr(obj, field) != values[field]]
        if dirty:
            for field in dirty:
                setattr(obj, field, values[field])
            changed.append(obj)
            changed_fields.update(dirty)
    if created:
        insert_rows(model, [key, *fields], created)
    if changed:
        model.objects.bulk_update(changed, sorted(changed_fields), batch_size=BATCH)
    if created:
        return dict(model.objects.values_list(key, "id"))
    return {value: obj.id for value, obj in existing.items()}


def replace_children(model, parent_field: str, rows: dict, fields: list[str]) -> None:
    """Make the children of each parent in `rows` (parent id → list of value tuples) equal to that list."""
    stored = defaultdict(list)
    stored_ids = defaultdict(list)
    for parents in chunks(list(rows)):
        for row in model.objects.filter(**{f"{parent_field}__in": parents}).order_by("id").values_list(
            "id", parent_field, *fields
        ):
            stored[row[1]].append(tuple(row[2:]))
            stored_ids[row[1]].append(row[0])
    stale = [parent for parent, values in rows.items() if stored[parent] != values]
    doomed = [row_id for parent in stale for row_id in stored_ids[parent]]
    for ids in chunks(doomed):
        model.objects.filter(id__in=ids).delete()
    insert_rows(model, [parent_field, *fields], ((parent, *values) for parent in stale for values in rows[parent]))


def _grouped(records, parent_of, values_of) -> dict:
    grouped = defaultdict(list)
    for record in records:
        grouped[parent_of(record)].append(values_of(record))
    return dict(grouped)


class DatasetLoader:
    """Writes a dataset that passed `DatasetChecks`. Call inside a transaction."""

    def __init__(self, dataset: Dataset, progress=None):
        self.data = dataset
        self.progress = progress

    def _step(self, records) -> None:
        if self.progress is not None:
            self.progress.update(len(records))

    def load(self) -> None:
        self.reference()
        self.staff()
        self.subjects()
        self.casework()
        self.case_rows()
        staff_loading.load_participants(self.data, self.ids)
        self._step(self.data[fmt.CASE_PARTICIPANTS])
        signal_loading.load_signals(self.data, self.ids, self.units)
        self._step(self.data[fmt.SIGNALS])

    def staff(self) -> None:
        staff_loading.load_staff(self.data, self.ids)
        staff_loading.load_tables(self.data, self.ids)
        for spec in fmt.STAFF_FILES:
            self._step(self.data[spec])

    def reference(self) -> None:
        data = self.data
        districts = upsert(District, "name", {r["district"]: {} for r in data[fmt.MUNICIPALITIES]}, [])
        upsert(Municipality, "code", {
            r["code"]: {"name": r["name"], "district_id": districts[r["district"]]} for r in data[fmt.MUNICIPALITIES]
        }, ["name", "district_id"])
        upsert(Organisation, "code", {
            r["code"]: {
                "name": r["name"], "kind": r["kind"],
                "wgs_participant": r["wgs_participant"] or DEFAULT_WGS_PARTICIPANT.get(r["kind"], "publiek"),
            } for r in data[fmt.ORGANISATIONS]
        }, ["name", "kind", "wgs_participant"])
        approaches = upsert(Approach, "code", {
            r["code"]: {"name": r["name"], "unit": r["unit"], "duration_scheme": r["duration_scheme"]}
            for r in data[fmt.APPROACHES]
        }, ["name", "unit", "duration_scheme"])
        if data.has(fmt.APPROACHES):
            upsert(Approach, "code", {
                r["code"]: {"parent_id": approaches.get(r["parent"]) if r["parent"] else None} for r in data[fmt.APPROACHES]
            }, ["parent_id"])
        upsert(LifeDomain, "code", {
            r["code"]: {"name": r["name"], "position": position} for position, r in enumerate(data[fmt.DOMAINS])
        }, ["name", "position"])
        upsert(Intervention, "code", {r["code"]: {"name": r["name"]} for r in data[fmt.INTERVENTIONS]}, ["name"])
        for spec in fmt.REFERENCE_FILES:
            self._step(data[spec])
        self.ids = {
            "municipality": dict(Municipality.objects.values_list("code", "id")),
            "organisation": dict(Organisation.objects.values_list("code", "id")),
            "approach": dict(Approach.objects.values_list("code", "id")),
            "domain": dict(LifeDomain.objects.values_list("code", "id")),
            "intervention": dict(Intervention.objects.values_list("code", "id")),
            "closing_reason": dict(ClosingReason.objects.values_list("code", "id")),
        }
        self.units = dict(Approach.objects.values_list("code", "unit"))

    def subjects(self) -> None:
        data, municipality = self.data, self.ids["municipality"]
        upsert(Person, "ref", {
            r["person_ref"]: {
                "bsn": r["bsn"], "given_name": r["given_name"] or "", "family_name": r["family_name"] or "",
                "birth_date": r["birth_date"], "municipality_id": municipality.get(r["municipality"]),
            } for r in data[fmt.PERSONS]
        }, ["bsn", "given_name", "family_name", "birth_date", "municipality_id"])
        upsert(System, "ref", {
            r["system_ref"]: {"name": r["name"], "municipality_id": municipality.get(r["municipality"])}
            for r in data[fmt.SYSTEMS]
        }, ["name", "municipality_id"])
        self.ids["person"] = dict(Person.objects.values_list("ref", "id"))
        self.ids["system"] = dict(System.objects.values_list("ref", "id"))
        person, system = self.ids["person"], self.ids["system"]
        replace_children(SystemMember, "system_id", _grouped(
            data[fmt.SYSTEM_MEMBERS], lambda r: system[r["system_ref"]], lambda r: (person[r["person_ref"]], r["role"] or "")
        ), ["person_id", "role"])
        replace_children(PoliceRegistration, "person_id", _grouped(
            data[fmt.POLICE_REGISTRATIONS], lambda r: person[r["person_ref"]], lambda r: (r["date"], r["kind"])
        ), ["date", "kind"])
        for spec in (fmt.PERSONS, fmt.SYSTEMS, fmt.SYSTEM_MEMBERS, fmt.POLICE_REGISTRATIONS):
            self._step(data[spec])

    def casework(self) -> None:
        ids, records = self.ids, self.data[fmt.CASES]
        registrations = upsert(Registration, "ref", {r["case_ref"]: self._registration(r) for r in records}, [
            "person_id", "system_id", "approach_id", "municipality_id", "reported_by_id", "registered_on", "status",
            "triage_on",
        ])
        trajectories = {registrations[r["case_ref"]]: r for r in records if r["start_date"] is not None}
        # The v2 columns, where the file has them (left out: the stored values stay).
        extra = {
            field: value for column, field, value in (
                ("table", "table_id", lambda r: ids["table"][r["table"]] if r["table"] else None),
                ("regisseur", "procesregisseur_id", lambda r: ids["user"][r["regisseur"]] if r["regisseur"] else None),
                ("case_holder", "case_holder_id",
                 lambda r: ids["organisation"][r["case_holder"]] if r["case_holder"] else None),
            ) if self.data.has_column(fmt.CASES, column)
        }
        without = [registrations[r["case_ref"]] for r in records if r["start_date"] is None]
        for registration_ids in chunks(without):  # the dataset says these registrations have no trajectory
            Case.objects.filter(registration_id__in=registration_ids).delete()
        upsert(Case, "registration_id", {
            registration_id: {
                "start_date": r["start_date"], "end_date": r["end_date"],
                "end_reason_id": ids["closing_reason"][r["end_reason"]] if r["end_reason"] else None,
                "status": CaseStatus.CLOSED if r["end_date"] else CaseStatus.IN_REGIE,
                **{field: value(r) for field, value in extra.items()},
            } for registration_id, r in trajectories.items()
        }, ["start_date", "end_date", "end_reason_id", "status", *extra])
        self.ids["case"] = dict(Case.objects.values_list("registration__ref", "id"))
        upsert(Case, "registration_id", {
            registration_id: {"transferred_from_id": self.ids["case"][r["transferred_from"]] if r["transferred_from"] else None}
            for registration_id, r in trajectories.items()
        }, ["transferred_from_id"])
        self._step(records)

    def _registration(self, r) -> dict:
        ids = self.ids
        status = {"accepted": RegistrationStatus.ACCEPTED, "declined": RegistrationStatus.DECLINED}.get(
            r["triage_decision"], RegistrationStatus.PENDING
        )
        is_person = self.units[r["approach"]] == "person"
        return {
            "person_id": ids["person"][r["subject_ref"]] if is_person else None,
            "system_id": None if is_person else ids["system"][r["subject_ref"]],
            "approach_id": ids["approach"][r["approach"]], "municipality_id": ids["municipality"][r["municipality"]],
            "reported_by_id": ids["organisation"][r["reported_by"]], "registered_on": r["registered_on"],
            "status": status, "triage_on": r["triage_on"],
        }

    def case_rows(self) -> None:
        data, ids = self.data, self.ids
        case = ids["case"]
        meetings = {}
        for r in data[fmt.DISCUSSIONS]:
            meetings.setdefault(r["meeting_ref"], {"date": r["date"]})
        meeting = upsert(Meeting, "ref", meetings, ["date"])
        replace_children(Discussion, "case_id", _grouped(
            data[fmt.DISCUSSIONS], lambda r: case[r["case_ref"]],
            lambda r: (meeting[r["meeting_ref"]], r["date"], bool(r["client_present"]), bool(r["expert_present"])),
        ), ["meeting_id", "date", "client_present", "expert_present"])
        replace_children(Measurement, "case_id", _grouped(
            data[fmt.MEASUREMENTS], lambda r: case[r["case_ref"]],
            lambda r: (r["date"], r["kind"], ids["domain"][r["domain"]], r["level"]),
        ), ["date", "kind", "domain_id", "level"])
        due = data.has_column(fmt.CASE_INTERVENTIONS, "due_date")  # left out: stored due dates stay
        replace_children(CaseIntervention, "case_id", _grouped(
            data[fmt.CASE_INTERVENTIONS], lambda r: case[r["case_ref"]],
            lambda r: (ids["intervention"][r["intervention"]], ids["organisation"][r["organisation"]], r["agreed_on"],
                       r["status"], *((r["due_date"],) if due else ())),
        ), ["intervention_id", "organisation_id", "agreed_on", "status", *(("due_date",) if due else ())])
        for spec in (fmt.DISCUSSIONS, fmt.MEASUREMENTS, fmt.CASE_INTERVENTIONS):
            self._step(data[spec])
