"""Checks of `signals.csv` (interchange version 2): meldingen and adviesgesprekken of an approach.

Run by `DatasetChecks` (checks.py) after the cases, whose helpers and sets of known codes, subjects and
registrations they use; nothing here writes. The readings where the spec leaves a choice are in `format`.

A stored signal's subject is fixed: a row may not give an anonymous signal a subject (its free text was typed under
the promise that it holds no personal data), take it away, or make it about someone else. A signal that led to a
registration (`case_ref`) is about the registration's subject (as `signals.services.signal_convert` makes it).
Subjects compare as the loader reads `subject_ref`: the approach's unit first, then the other kind.
"""

from django.utils.translation import gettext as _

from procesregie.casework.models import Registration
from procesregie.signals.models import Signal

from . import format as fmt
from .loading import chunks

Subject = tuple[str, str] | None  # ("person" | "system", ref); None: anonymous


def _stored(person_ref, system_ref) -> Subject:
    if person_ref is not None:
        return ("person", person_ref)
    return ("system", system_ref) if system_ref is not None else None

AANMELDING = "aanmelding"


class SignalChecks:
    def __init__(self, checks):
        self.checks = checks  # DatasetChecks: its dataset, helpers and known codes, subjects and registrations
        self.dataset = checks.dataset

    def run(self) -> None:
        spec, checks = fmt.SIGNALS, self.checks
        records = self.dataset[spec]
        if not records:
            return
        in_file = {record["signal_ref"] for record in records} | self.dataset.rejected_keys(spec, "signal_ref")
        # A registration holds at most one signal: the links of stored signals the file does not list stay.
        held = {
            registration: signal for signal, registration in Signal.objects.filter(registration__isnull=False)
            .values_list("ref", "registration__ref") if signal not in in_file
        }
        named: dict[str, int] = {}  # case_ref -> the line of the first signal that names it
        stored_subjects = self._stored_subjects(records)
        registration_subjects = self._registration_subjects(records)
        for record in checks._unique(spec, "signal_ref"):
            checks._known(spec, record, "approach", checks.approach_units)
            checks._known(spec, record, "reported_by", checks.organisations)
            checks._known(spec, record, "municipality", checks.municipalities)
            subject = record["subject_ref"]
            if subject is not None and subject not in checks.person_refs and subject not in checks.system_refs:
                checks._problem(spec, record, "subject_ref", _("onbekende persoon of systeem '%(ref)s'") % {"ref": subject})
            elif record["signal_ref"] in stored_subjects:
                self._fixed_subject(spec, record, stored_subjects[record["signal_ref"]])
            self._registration(spec, record, held, named, registration_subjects)

    def _subject(self, record, ref: str | None) -> Subject:
        """What `ref` names for a row of `record["approach"]`, as the loader reads it."""
        if ref is None:
            return None
        checks = self.checks
        if checks.approach_units.get(record["approach"]) == "system":
            return ("system", ref) if ref in checks.system_refs else ("person", ref)
        return ("person", ref) if ref in checks.person_refs else ("system", ref)

    def _stored_subjects(self, records) -> dict[str, Subject]:
        """The subject of every stored signal the file lists, in one query over the stored signals (not one per
        chunk of the file's refs: a large dataset's are nearly all new)."""
        refs = {record["signal_ref"] for record in records}
        return {
            ref: _stored(person_ref, system_ref)
            for ref, person_ref, system_ref in Signal.objects.values_list("ref", "person__ref", "system__ref")
            if ref in refs
        }

    def _registration_subjects(self, records) -> dict[str, Subject]:
        """The subject of every registration a row names: the file's (as cases.csv gives it), else the stored one (a
        query per 500 of those, usually none)."""
        subjects = {}
        for case in self.checks.case_records:
            unit = self.checks.approach_units.get(case["approach"])
            subjects[case["case_ref"]] = ("system" if unit == "system" else "person", case["subject_ref"])
        named = sorted({record["case_ref"] for record in records if record["case_ref"]} - set(subjects))
        for part in chunks(named):
            for ref, person_ref, system_ref in Registration.objects.filter(ref__in=part).values_list(
                    "ref", "person__ref", "system__ref"):
                subjects[ref] = _stored(person_ref, system_ref)
        return subjects

    def _fixed_subject(self, spec, record, stored: Subject) -> None:
        if self._subject(record, record["subject_ref"]) == stored:
            return
        if stored is None:
            message = _("deze melding is anoniem opgeslagen en blijft anoniem: haar vrije tekst bevat geen "
                        "persoonsgegevens")
        else:
            message = _("het onderwerp van een opgeslagen melding verandert niet (opgeslagen: '%(ref)s')") % {
                "ref": stored[1]}
        self.checks._problem(spec, record, "subject_ref", message)

    def _registration(self, spec, record, held: dict, named: dict, subjects: dict[str, Subject]) -> None:
        checks, ref = self.checks, record["case_ref"]
        if ref is None:
            if record["outcome"] == AANMELDING:
                checks._problem(spec, record, "case_ref", _("case_ref is verplicht bij outcome=aanmelding"))
            return
        if ref not in checks.case_refs:
            checks._problem(spec, record, "case_ref", _("onbekende aanmelding '%(ref)s'") % {"ref": ref})
        elif ref in named:
            checks._problem(spec, record, "case_ref", _("deze aanmelding komt al voort uit de melding op regel %(line)d")
                            % {"line": named[ref]})
        elif ref in held:
            checks._problem(spec, record, "case_ref", _("deze aanmelding komt al voort uit melding '%(signal)s'")
                            % {"signal": held[ref]})
        if ref in subjects and subjects[ref] != self._subject(record, record["subject_ref"]):
            if record["subject_ref"] is None:
                message = _("een anonieme melding leidt niet tot een aanmelding")
            else:
                message = _("de aanmelding '%(case)s' gaat over '%(subject)s', niet over wie deze melding gaat") % {
                    "case": ref, "subject": subjects[ref][1] if subjects[ref] else ""}
            checks._problem(spec, record, "case_ref", message)
        named.setdefault(ref, record.line)
