"""signals.csv: a stored signal's subject is fixed, and a signal that led to a registration is about its subject.

A re-import may not give an anonymous signal a subject (its free text was typed under the promise that it holds no
personal data), take a signal's subject away, or make it about someone else; a signal with `case_ref` is about that
registration's subject (as a signal turned into a registration in the application is). Each is a row problem, and
nothing is imported."""

import pytest
from django.core.management import CommandError

from procesregie.casework.models import Registration
from procesregie.signals.models import Signal

from .conftest import service_problems, write_files
from .test_signals import HEADER, run_import, signal_files, snapshot

pytestmark = pytest.mark.django_db

SUBJECT, CASE = HEADER.index("subject_ref"), HEADER.index("case_ref")


def row(files, ref) -> list:
    return next(r for r in files["signals.csv"] if r[0] == ref)


def refused(tmp_path, files) -> list[str]:
    """The problems of a dataset that must be refused; also proves that importing it changes nothing."""
    directory = write_files(tmp_path / "again", files)
    lines = service_problems(directory)
    before = snapshot()
    with pytest.raises(CommandError, match="nothing was imported"):
        run_import(directory)
    assert snapshot() == before
    return lines


@pytest.fixture
def stored(tmp_path):
    """signals.csv imported once; the anonymous sg4 given free text since (as the application lets a regisseur)."""
    run_import(write_files(tmp_path / "first", signal_files()))
    Signal.objects.filter(ref="sg4").update(question="Anonieme vraag", advice="Advies")
    return signal_files()


def test_an_anonymous_signal_stays_anonymous(stored, tmp_path):
    row(stored, "sg4")[SUBJECT] = "p1"
    lines = refused(tmp_path, stored)
    assert "signals.csv:5: subject_ref: deze melding is anoniem opgeslagen en blijft anoniem: haar vrije tekst bevat " \
           "geen persoonsgegevens" in lines
    sg4 = Signal.objects.get(ref="sg4")
    assert sg4.is_anonymous and sg4.question == "Anonieme vraag"


@pytest.mark.parametrize(("ref", "subject", "stored_ref"), [("sg5", "p1", "p3"), ("sg3", "", "s1"), ("sg6", "p3", "p1")])
def test_a_stored_signal_keeps_its_subject(stored, tmp_path, ref, subject, stored_ref):
    row(stored, ref)[SUBJECT] = subject
    line = next(i for i, r in enumerate(stored["signals.csv"], start=1) if r[0] == ref)
    assert (f"signals.csv:{line}: subject_ref: het onderwerp van een opgeslagen melding verandert niet "
            f"(opgeslagen: '{stored_ref}')") in refused(tmp_path, stored)


def test_a_converted_signal_stays_about_its_registrations_subject(stored, tmp_path):
    row(stored, "sg1")[SUBJECT] = "p1"  # c3 is p2's registration
    lines = refused(tmp_path, stored)
    assert "signals.csv:2: subject_ref: het onderwerp van een opgeslagen melding verandert niet (opgeslagen: 'p2')" \
           in lines
    assert "signals.csv:2: case_ref: de aanmelding 'c3' gaat over 'p2', niet over wie deze melding gaat" in lines
    assert Signal.objects.get(ref="sg1").person.ref == Registration.objects.get(ref="c3").person.ref == "p2"


@pytest.mark.parametrize(("subject", "message"), [
    ("p1", "case_ref: de aanmelding 'c5' gaat over 'p3', niet over wie deze melding gaat"),
    ("", "case_ref: een anonieme melding leidt niet tot een aanmelding"),
])
def test_a_new_signal_that_led_to_a_registration_is_about_its_subject(tmp_path, subject, message):
    files = signal_files()
    files["signals.csv"].append(["sg9", "topx-west", "2024-11-01", "melding", "politie", "", subject, "aanmelding",
                                 "c5"])
    files["signals.csv"][2][CASE], files["signals.csv"][2][7] = "", "advies"  # sg2 lets go of c5
    assert f"signals.csv:9: {message}" in refused(tmp_path, files)
    assert not Signal.objects.exists()


def test_a_registration_stored_before_counts_with_its_stored_subject(stored, tmp_path):
    files = {name: stored[name] for name in ("approaches.csv",)}
    files["signals.csv"] = [HEADER, ["sg9", "topx-west", "2024-11-01", "melding", "politie", "", "p1", "advies", "c5"]]
    Signal.objects.filter(ref="sg2").update(registration=None, outcome="advies")  # c5 free again
    assert "signals.csv:2: case_ref: de aanmelding 'c5' gaat over 'p3', niet over wie deze melding gaat" \
           in refused(tmp_path, files)
