"""Interchange version 2: staff, tables, table members, case participants and the new columns."""

import datetime
import filecmp
from pathlib import Path

import pytest
from django.contrib.auth.hashers import check_password
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from procesregie.accounts.models import Organisation, RoleAssignment, User
from procesregie.casework.models import Case, Participation, Registration
from procesregie.plans.models import CaseIntervention
from procesregie.reference.models import Table

from .conftest import service_problems, v2_files, write_files
from .test_export import empty_installation, read

pytestmark = pytest.mark.django_db


def run_import(directory):
    call_command("import", str(directory), verbosity=0)


def export(directory: Path) -> Path:
    call_command("export", str(directory), verbosity=0)
    return directory


def roles_of(username: str) -> set[str]:
    return set(RoleAssignment.objects.filter(user__username=username).values_list("role", flat=True))


def snapshot() -> dict:
    """Every row the version 2 files write, with ids: a second import must not even re-create one."""
    return {
        "users": sorted(User.objects.values_list("id", "username", "first_name", "last_name", "organisation__code",
                                                 "is_active", "password")),
        "roles": sorted(RoleAssignment.objects.values_list("id", "user__username", "role")),
        "tables": sorted(Table.objects.values_list("id", "code", "name", "approach__code", "district__name")),
        "members": sorted(Table.members.through.objects.values_list("id", "table__code", "organisation__code")),
        "staffing": sorted(Table.procesregisseurs.through.objects.values_list("id", "table__code", "user__username")),
        "named": sorted(Table.named_members.through.objects.values_list("id", "table__code", "user__username")),
        "cases": sorted(Case.objects.values_list("id", "table__code", "procesregisseur__username", "case_holder__code")),
        "participations": sorted(Participation.objects.values_list(
            "id", "case__registration__ref", "organisation__code", "since", "until", "removed_at", "added_at")),
        "interventions": sorted(CaseIntervention.objects.values_list("id", "due_date")),
    }


def test_version_2_dataset_lands(v2_dir):
    run_import(v2_dir)
    jansen = User.objects.get(username="r.jansen")
    assert (jansen.first_name, jansen.last_name, jansen.organisation.code) == ("Renée", "Jansen", "zvh")
    assert roles_of("r.ozturk") == {"procesregisseur", "manager"}
    assert roles_of("b.beheer") == {"functional_admin", "privacy_officer"} and roles_of("g.zonderrol") == set()
    west = Table.objects.get(code="tafel-west")
    assert (west.name, west.approach.code, west.district.name) == ("Casusoverleg Top X West – Zuidoost", "topx-west", "Stad")
    assert Table.objects.get(code="tafel-oost").district is None
    assert set(west.members.values_list("code", flat=True)) == {"zvh", "politie", "gemeente-utrecht"}
    assert list(west.procesregisseurs.values_list("username", flat=True)) == ["r.jansen"]
    assert list(west.named_members.values_list("username", flat=True)) == ["a.muller"]  # a named partner, no regisseur
    c1, c2 = (Case.objects.get(registration__ref=ref) for ref in ("c1", "c2"))
    assert (c1.table.code, c1.procesregisseur.username, c1.case_holder.code) == ("tafel-west", "r.jansen", "politie")
    assert c2.table is None and c2.procesregisseur.username == "r.ozturk"  # the approach's default table
    assert not Table.objects.filter(code__startswith="overleg-topx-").exists()  # the approaches have their tables
    c4 = Participation.objects.filter(case__registration__ref="c4").order_by("since")
    assert [(str(p.since), str(p.until), p.removed_at is None) for p in c4] == [
        ("2024-06-02", "2024-08-01", False), ("2024-09-01", "None", True)]
    active = Participation.objects.active().filter(case__registration__ref__in=["c1", "c2", "c4"])
    assert sorted(active.values_list("case__registration__ref", "organisation__code")) == [
        ("c2", "gemeente-utrecht"), ("c2", "politie"), ("c4", "reclassering")]
    assert str(CaseIntervention.objects.get().due_date) == "2027-01-01"


def test_new_accounts_are_inactive_without_password_or_second_factor(v2_dir):
    run_import(v2_dir)
    for user in User.objects.filter(username__in=["r.jansen", "a.muller", "b.beheer"]):
        assert not user.is_active and not user.has_usable_password()
        assert not check_password("", user.password) and not user.check_password("r.jansen")
        assert not TOTPDevice.objects.filter(user=user).exists() and not StaticDevice.objects.filter(user=user).exists()
    assert not User.objects.get(username="r.jansen").is_staff
    assert not User.objects.get(username="b.beheer").is_superuser


def test_an_existing_account_keeps_its_password_factors_and_active_state(v2_dir):
    zvh = Organisation.objects.create(code="zvh", name="Zorg- en Veiligheidshuis", kind="zvh")
    user = User.objects.create_user(username="r.jansen", password="een lang geheim wachtwoord", organisation=zvh,
                                    first_name="R.", last_name="Jansen-Oud")
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    RoleAssignment.objects.create(user=user, role="procesregisseur")
    run_import(v2_dir)
    user.refresh_from_db()
    assert user.is_active and user.check_password("een lang geheim wachtwoord")
    assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1
    # The dataset's organisation and roles are the ones it holds; its name it takes over.
    assert (user.first_name, user.last_name, user.organisation.code) == ("Renée", "Jansen", "zvh")
    assert roles_of("r.jansen") == {"procesregisseur"}


def test_a_never_activated_account_takes_the_datasets_organisation_and_roles(v2_dir):
    old = Organisation.objects.create(code="oud", name="Oud", kind="overig")
    User.objects.create_user(username="b.beheer", organisation=old, is_active=False, first_name="B.")
    RoleAssignment.objects.create(user=User.objects.get(username="b.beheer"), role="ketenpartner")
    run_import(v2_dir)
    user = User.objects.get(username="b.beheer")
    assert not user.is_active and (user.first_name, user.organisation.code) == ("Bé", "zvh")
    assert roles_of("b.beheer") == {"functional_admin", "privacy_officer"}


def _kept_account(kind: str) -> User:
    """`b.beheer` (the dataset makes it functional administrator and privacy officer at zvh) as an account an
    import may not reshape: a ketenpartner of the police."""
    police = Organisation.objects.create(code="politie", name="Politie", kind="politie")
    user = User.objects.create_user(username="b.beheer", password="een lang geheim wachtwoord", organisation=police)
    RoleAssignment.objects.create(user=user, role="ketenpartner")
    if kind == "deactivated":
        User.objects.filter(pk=user.pk).update(is_active=False, last_login=timezone.now())
    elif kind == "superuser":
        User.objects.filter(pk=user.pk).update(is_superuser=True, is_staff=True, is_active=False)
    elif kind == "staff":
        User.objects.filter(pk=user.pk).update(is_staff=True, is_active=False)
    return user


@pytest.mark.parametrize("kind", ["active", "deactivated", "superuser", "staff"])
def test_an_import_never_changes_the_roles_or_organisation_of_an_account_in_use(v2_dir, kind):
    user = _kept_account(kind)
    before = snapshot()
    lines = service_problems(v2_dir)
    assert [line.split(": ", 2)[:2] for line in lines] == [["staff.csv:5", "organisation"], ["staff.csv:5", "roles"]]
    if kind == "active":
        assert "het account is actief: rollen en organisatie wijzigt u in de applicatie" in lines[0]
    with pytest.raises(CommandError, match="nothing was imported"):
        run_import(v2_dir)
    assert snapshot() == before and roles_of("b.beheer") == {"ketenpartner"}
    assert User.objects.get(pk=user.pk).organisation.code == "politie"


def test_an_active_account_listed_with_what_it_holds_is_no_problem(v2_dir):
    user = _kept_account("active")
    files = v2_files(timezone.localdate())
    row = next(row for row in files["staff.csv"] if row[0] == "b.beheer")
    row[2], row[3] = "politie", "ketenpartner"
    run_import(write_files(v2_dir.parent / "same", files))
    user.refresh_from_db()
    assert user.is_active and user.first_name == "Bé" and roles_of("b.beheer") == {"ketenpartner"}


def test_an_existing_regisseur_can_direct_a_case_without_staff_csv(v2_dir, tmp_path):
    run_import(v2_dir)
    files = v2_files(timezone.localdate())
    del files["staff.csv"]
    run_import(write_files(tmp_path / "again", files))
    assert Case.objects.get(registration__ref="c4").procesregisseur.username == "r.ozturk"


def test_reimport_of_the_same_dataset_changes_nothing(v2_dir):
    run_import(v2_dir)
    before = snapshot()
    run_import(v2_dir)
    assert snapshot() == before


def test_a_version_1_dataset_leaves_regisseur_table_holder_and_due_date_alone(v2_dir, dataset_dir):
    run_import(v2_dir)
    before = snapshot()
    run_import(dataset_dir)  # the same cases without the version 2 files and columns
    after = snapshot()
    assert after["cases"] == before["cases"] and after["interventions"] == before["interventions"]


def test_round_trip_gives_byte_identical_files(v2_dir, tmp_path):
    run_import(v2_dir)
    first = export(tmp_path / "first")
    names = {path.name for path in first.iterdir()}
    assert {"staff.csv", "tables.csv", "table_members.csv", "case_participants.csv"} <= names
    files = read(first)
    assert files["staff.csv"][1:] == [
        ["a.muller", "Agnès Müller", "politie", "ketenpartner"],
        ["b.beheer", "Bé", "zvh", "privacy_officer;functional_admin"],
        ["g.zonderrol", "Geen Rol", "gemeente-utrecht", ""],
        ["r.jansen", "Renée Jansen", "zvh", "procesregisseur"],
        ["r.ozturk", "Rüya van Öztürk", "zvh", "procesregisseur;manager"],
    ]
    later = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    assert files["case_participants.csv"][1:] == [
        ["c1", "politie", "2023-02-01", "2024-03-31"],
        ["c2", "gemeente-utrecht", "2024-04-01", later],
        ["c2", "politie", "2024-03-31", ""],
        ["c4", "reclassering", "2024-06-02", "2024-08-01"],
        ["c4", "reclassering", "2024-09-01", ""],
    ]
    assert ["tafel-west", "politie", "a.muller"] in files["table_members.csv"]
    assert ["tafel-west", "gemeente-utrecht", ""] in files["table_members.csv"]
    cases = {row[0]: row for row in files["cases.csv"]}
    assert cases["case_ref"][-3:] == ["table", "regisseur", "case_holder"]
    assert cases["c1"][-3:] == ["tafel-west", "r.jansen", "politie"] and cases["c2"][-3:] == ["", "r.ozturk", "gemeente-utrecht"]
    assert files["case_interventions.csv"][1][-1] == "2027-01-01"

    run_import(first)  # into the same installation: nothing changes
    assert_same_files(first, export(tmp_path / "second"))
    empty_everything()
    run_import(first)  # into an empty one
    assert_same_files(first, export(tmp_path / "third"))
    assert not User.objects.get(username="r.jansen").is_active


def assert_same_files(left: Path, right: Path) -> None:
    names = sorted(path.name for path in left.iterdir())
    assert names == sorted(path.name for path in right.iterdir())
    match, mismatch, errors = filecmp.cmpfiles(left, right, names, shallow=False)
    assert (mismatch, errors) == ([], [])


def empty_everything() -> None:
    """An installation without any data (the version 1 test's emptying, and the accounts and participations)."""
    Participation.objects.all().delete()
    Case.objects.update(procesregisseur=None, case_holder=None, table=None)
    User.objects.all().delete()  # with their role assignments
    empty_installation()


def test_a_participation_removed_on_the_page_is_exported_as_ended(v2_dir, tmp_path):
    run_import(v2_dir)
    Participation.objects.filter(case__registration__ref="c2", organisation__code="gemeente-utrecht").update(
        removed_at=timezone.now()
    )
    rows = read(export(tmp_path / "out"))["case_participants.csv"]
    assert ["c2", "gemeente-utrecht", "2024-04-01", timezone.localdate().isoformat()] in rows


def test_formula_like_cells_of_the_new_files_are_escaped_and_restored(v2_dir, tmp_path):
    run_import(v2_dir)
    hostile = '=HYPERLINK("http://example.invalid","klik")'
    Table.objects.filter(code="tafel-west").update(name=hostile)
    User.objects.filter(username="r.jansen").update(first_name="+31", last_name="@home")
    files = read(export(tmp_path / "out"))
    assert ["tafel-west", "'" + hostile, "topx-west", "Stad"] in files["tables.csv"]
    assert ["r.jansen", "'+31 @home", "zvh", "procesregisseur"] in files["staff.csv"]
    empty_everything()
    run_import(tmp_path / "out")
    assert Table.objects.get(code="tafel-west").name == hostile
    user = User.objects.get(username="r.jansen")
    assert (user.first_name, user.last_name) == ("+31", "@home")


def test_export_leaves_out_empty_version_2_files(dataset_dir, tmp_path):
    run_import(dataset_dir)
    out = tmp_path / "out"
    out.mkdir()
    (out / "staff.csv").write_text("stale\n")
    names = {path.name for path in export(out).iterdir()}
    assert not {"staff.csv", "table_members.csv", "case_participants.csv"} & names


def set_cell(files: dict, name: str, row: int, column: str, value: str) -> None:
    files[name][row][files[name][0].index(column)] = value


TOMORROW = "tomorrow"
# (file, data row or None to append, column → value, expected "file:line: column", part of the message)
RULES = [
    ("staff unknown organisation", "staff.csv", 1, {"organisation": "nergens"}, "staff.csv:2: organisation", "onbekende verwijzing"),
    ("staff bad username", "staff.csv", 1, {"username": "r jansen"}, "staff.csv:2: username", "geen geldige gebruikersnaam"),
    ("staff unknown role", "staff.csv", 2, {"roles": "procesregisseur;baas"}, "staff.csv:3: roles", "onbekende rol 'baas'"),
    ("staff duplicate", "staff.csv", None, {"username": "r.jansen", "name": "X", "organisation": "zvh", "roles": ""},
     "staff.csv:7: username", "dubbele waarde"),
    ("table unknown approach", "tables.csv", 1, {"approach": "nope"}, "tables.csv:2: approach", "onbekende verwijzing"),
    ("table unknown district", "tables.csv", 1, {"district": "Oost"}, "tables.csv:2: district", "onbekende verwijzing"),
    ("table duplicate", "tables.csv", None, {"table_ref": "tafel-west", "name": "X", "approach": "mda", "district": ""},
     "tables.csv:5: table_ref", "dubbele waarde"),
    ("member unknown table", "table_members.csv", 1, {"table_ref": "tafel-noord"}, "table_members.csv:2: table_ref", "onbekende verwijzing"),
    ("member unknown organisation", "table_members.csv", 3, {"organisation": "nergens"}, "table_members.csv:4: organisation", "onbekende verwijzing"),
    ("member unknown username", "table_members.csv", 1, {"username": "niemand"}, "table_members.csv:2: username", "onbekende verwijzing"),
    ("member of another organisation", "table_members.csv", 2, {"username": "r.jansen"}, "table_members.csv:3: username",
     "hoort bij organisatie 'zvh'"),
    ("member twice", "table_members.csv", None, {"table_ref": "tafel-west", "organisation": "politie", "username": "a.muller"},
     "table_members.csv:8: username", "staat al aan deze tafel (regel 3)"),
    ("case unknown table", "cases.csv", 1, {"table": "tafel-noord"}, "cases.csv:2: table", "onbekende verwijzing"),
    ("case table of another approach", "cases.csv", 1, {"table": "tafel-mda"}, "cases.csv:2: table", "hoort bij aanpak 'mda'"),
    ("case unknown regisseur", "cases.csv", 1, {"regisseur": "niemand"}, "cases.csv:2: regisseur", "onbekende verwijzing"),
    ("case regisseur without the role", "cases.csv", 1, {"regisseur": "a.muller"}, "cases.csv:2: regisseur",
     "heeft niet de rol procesregisseur"),
    ("case unknown case holder", "cases.csv", 1, {"case_holder": "nergens"}, "cases.csv:2: case_holder", "onbekende verwijzing"),
    ("regisseur on a registration", "cases.csv", 5, {"regisseur": "r.jansen"}, "cases.csv:6: regisseur", "vereist een start_date"),
    ("table on a declined registration", "cases.csv", 3, {"table": "tafel-west"}, "cases.csv:4: table", "vereist een start_date"),
    ("participant of a registration", "case_participants.csv", 1, {"case_ref": "c3"}, "case_participants.csv:2: case_ref",
     "geen casus in regie"),
    ("participant unknown organisation", "case_participants.csv", 1, {"organisation": "nergens"},
     "case_participants.csv:2: organisation", "onbekende verwijzing"),
    ("participant since tomorrow", "case_participants.csv", 1, {"since": TOMORROW}, "case_participants.csv:2: since",
     "datum ligt na de dag van de import"),
    ("participant until before since", "case_participants.csv", 3, {"until": "2023-01-31"}, "case_participants.csv:4: until",
     "until ligt voor since"),
    ("participant periods overlap", "case_participants.csv", 4, {"since": "2024-07-01"}, "case_participants.csv:5: since",
     "overlapt met de deelname op regel 6 (tot en met 2024-08-01)"),
    ("participant twice without until", "case_participants.csv", 5, {"until": ""}, "case_participants.csv:5: since",
     "neemt al deel aan deze casus sinds regel 6, zonder until"),
    ("participant bad date", "case_participants.csv", 1, {"until": "2025-13-01"}, "case_participants.csv:2: until",
     "geen geldige datum"),
    ("due date before agreement", "case_interventions.csv", 1, {"due_date": "2024-04-01"},
     "case_interventions.csv:2: due_date", "due_date ligt voor agreed_on"),
]


@pytest.mark.parametrize(("name", "file", "row", "changes", "prefix", "message"), RULES, ids=[rule[0] for rule in RULES])
def test_rules_are_row_problems_and_change_nothing(tmp_path, capsys, name, file, row, changes, prefix, message):
    files = v2_files(timezone.localdate())
    if row is None:
        files[file].append([changes[column] for column in files[file][0]])
    else:
        for column, value in changes.items():
            if value == TOMORROW:
                value = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
            set_cell(files, file, row, column, value)
    directory = write_files(tmp_path / "d", files)
    lines = service_problems(directory)
    assert any(line.startswith(prefix + ": ") and message in line for line in lines), lines
    with pytest.raises(CommandError, match="nothing was imported"):
        run_import(directory)
    assert not User.objects.exists() and not Registration.objects.exists() and not Table.objects.exists()


def test_a_due_date_and_an_until_may_lie_ahead(v2_dir):
    run_import(v2_dir)  # the dataset has both
    assert Participation.objects.filter(until__gt=timezone.localdate()).exists()
    assert CaseIntervention.objects.filter(due_date__gt=timezone.localdate()).exists()
