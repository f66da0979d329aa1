"""Checks of `signals.csv` (interchange version 2): meldingen and adviesgesprekken of an approach.

Run by `DatasetChecks` (checks.py) after the cases, whose helpers and sets of known codes, subjects and
registrations they use; nothing here writes. The readings where the spec leaves a choice are in `format`.
"""

from django.utils.translation import gettext as _

from procesregie.signals.models import Signal

from . import format as fmt

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
        for record in checks._unique(spec, "signal_ref"):
            checks._known(spec, record, "approach", checks.approach_units)
            checks._known(spec, record, "reported_by", checks.organisations)
            checks._known(spec, record, "municipality", checks.municipalities)
            subject = record["subject_ref"]
            if subject is not None and subject not in checks.person_refs and subject not in checks.system_refs:
                checks._problem(spec, record, "subject_ref", _("onbekende persoon of systeem '%(ref)s'") % {"ref": subject})
            self._registration(spec, record, held, named)

    def _registration(self, spec, record, held: dict, named: dict) -> None:
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
        named.setdefault(ref, record.line)
