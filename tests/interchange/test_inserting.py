"""`insert_rows` writes what `bulk_create` would write, and fails the way the import expects."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from procesregie.casework.models import Registration
from procesregie.core.inserting import insert_rows
from procesregie.meetings.models import Discussion, Meeting
from procesregie.reference.models import Approach, Municipality
from procesregie.subjects.models import Person

from .conftest import write_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(dataset_dir):
    from procesregie.interchange.services import dataset_import

    dataset_import(actor=None, directory=dataset_dir)


def test_rows_get_the_values_given_and_the_models_defaults(imported):
    meeting, case = Meeting.objects.get(ref="m2"), Discussion.objects.filter(meeting__ref="m2").get().case
    inserted = insert_rows(Discussion, ["meeting_id", "case_id", "date"], [(meeting.id, case.id, datetime.date(2024, 8, 1))])
    made = Discussion.objects.get(meeting=meeting, date=datetime.date(2024, 8, 1))
    assert inserted == 1
    assert (made.case_id, made.client_present, made.expert_present, made.notes, made.version) == (case.id, False, False, "", 0)


def test_a_callable_default_is_taken_per_row_and_a_creation_stamp_is_set(imported):
    insert_rows(Person, ["ref", "given_name"], [("n1", "Ann"), ("n2", "Bob")])
    first, second = Person.objects.get(ref="n1"), Person.objects.get(ref="n2")
    assert first.subject_key != second.subject_key and first.family_name == "" and first.bsn is None

    stored = Registration.objects.get(ref="c1")
    before = datetime.datetime.now(datetime.UTC)
    insert_rows(Registration, ["ref", "person_id", "approach_id", "municipality_id", "reported_by_id", "registered_on"], [
        ("r9", stored.person_id, stored.approach_id, stored.municipality_id, stored.reported_by_id, datetime.date(2024, 1, 2)),
    ])
    made = Registration.objects.get(ref="r9")
    assert made.created_at >= before and made.status == "pending" and made.reason == ""


def test_a_conflict_is_a_django_integrity_error_and_writes_nothing(imported):
    # The import turns Django's database errors into one problem; PostgreSQL's COPY must raise those too.
    district = Municipality.objects.get(code="GM0344").district_id
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows(Municipality, ["code", "name", "district_id"], [("GM0001", "Nieuw", district), ("GM0344", "Dubbel", district)])
    assert not Municipality.objects.filter(code="GM0001").exists()


def test_a_row_with_the_wrong_number_of_values_is_refused(imported):
    with pytest.raises(ValueError, match="2 values for 3 fields"):
        insert_rows(Approach, ["code", "name", "unit"], [("x", "X")])


def test_a_field_left_to_a_database_default_is_refused(monkeypatch, imported):
    monkeypatch.setattr(Approach._meta.get_field("duration_scheme"), "db_default", "years")
    with pytest.raises(ValueError, match="database default"):
        insert_rows(Approach, ["code", "name", "unit"], [("x", "X", "person")])


def test_an_import_conflict_the_checks_did_not_foresee_is_one_problem(tmp_path, minimal_files, monkeypatch):
    from procesregie.interchange import loading
    from procesregie.interchange.problems import DatasetInvalid
    from procesregie.interchange.services import dataset_import

    real = loading.insert_rows

    def clashing(model, fields, rows):  # as if the same person had been stored meanwhile: a unique clash
        rows = list(rows)
        if model is Person:
            rows.append(rows[0])
        return real(model, fields, rows)

    monkeypatch.setattr(loading, "insert_rows", clashing)
    with pytest.raises(DatasetInvalid) as refused:
        dataset_import(actor=None, directory=write_files(tmp_path / "d", minimal_files))
    assert [str(problem).split(":")[:3] for problem in refused.value.problems.sorted()] == [["-", "0", " -"]]
    assert "de dataset botst met gegevens in de installatie" in str(refused.value.problems.sorted()[0])
    assert not Person.objects.exists()
