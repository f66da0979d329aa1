"""Write the installation as an interchange dataset (every cell formula-escaped)."""

from pathlib import Path

from procesregie.accounts.models import Organisation
from procesregie.casework.models import Registration
from procesregie.meetings.models import Discussion
from procesregie.monitoring.models import Measurement
from procesregie.plans.models import CaseIntervention
from procesregie.reference.models import Approach, Intervention, LifeDomain, Municipality
from procesregie.subjects.models import Person, PoliceRegistration, System, SystemMember

from . import format as fmt
from .csvfile import write_rows

DECISION = {"pending": None, "accepted": "accepted", "declined": "declined"}


def _queries():
    yield fmt.MUNICIPALITIES, Municipality.objects.order_by("code").values_list("code", "name", "district__name")
    yield fmt.ORGANISATIONS, Organisation.objects.order_by("code").values_list("code", "name", "kind", "wgs_participant")
    yield fmt.APPROACHES, Approach.objects.order_by("code").values_list(
        "code", "name", "unit", "duration_scheme", "parent__code"
    )
    yield fmt.DOMAINS, LifeDomain.objects.order_by("position", "code").values_list("code", "name")
    yield fmt.INTERVENTIONS, Intervention.objects.order_by("code").values_list("code", "name")
    yield fmt.PERSONS, Person.objects.order_by("ref").values_list(
        "ref", "bsn", "given_name", "family_name", "birth_date", "municipality__code"
    )
    yield fmt.SYSTEMS, System.objects.order_by("ref").values_list("ref", "name", "municipality__code")
    yield fmt.SYSTEM_MEMBERS, SystemMember.objects.order_by("system__ref", "id").values_list(
        "system__ref", "person__ref", "role"
    )
    yield fmt.CASES, (
        (ref, person or system, approach, municipality, reporter, registered_on, DECISION[status], triage_on,
         start, end, reason, source)
        for (ref, person, system, approach, municipality, reporter, registered_on, status, triage_on, start, end,
             reason, source) in Registration.objects.order_by("ref").values_list(
            "ref", "person__ref", "system__ref", "approach__code", "municipality__code", "reported_by__code",
            "registered_on", "status", "triage_on", "case__start_date", "case__end_date", "case__end_reason__code",
            "case__transferred_from__registration__ref",
        ).iterator(chunk_size=5000)
    )
    yield fmt.DISCUSSIONS, Discussion.objects.order_by("case__registration__ref", "id").values_list(
        "meeting__ref", "date", "case__registration__ref", "client_present", "expert_present"
    ).iterator(chunk_size=5000)
    yield fmt.MEASUREMENTS, Measurement.objects.order_by("case__registration__ref", "id").values_list(
        "case__registration__ref", "date", "kind", "domain__code", "level"
    ).iterator(chunk_size=5000)
    yield fmt.CASE_INTERVENTIONS, CaseIntervention.objects.order_by("case__registration__ref", "id").values_list(
        "case__registration__ref", "intervention__code", "organisation__code", "agreed_on", "status"
    ).iterator(chunk_size=5000)
    yield fmt.POLICE_REGISTRATIONS, PoliceRegistration.objects.order_by("person__ref", "id").values_list(
        "person__ref", "date", "kind"
    ).iterator(chunk_size=5000)


def write_dataset(directory: Path) -> dict[str, int]:
    return {spec.name: write_rows(directory / spec.name, spec.allowed, rows) for spec, rows in _queries()}
