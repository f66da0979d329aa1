"""Cross-row and cross-file rules of a dataset, checked against the dataset and the installation together.

Every violation is a problem on the row that has it; nothing here writes.
"""

import datetime
from collections import Counter

from django.utils.translation import gettext as _

from procesregie.accounts.models import Organisation
from procesregie.casework.models import Case, Registration
from procesregie.core.errors import DomainError
from procesregie.reference.models import Approach, ClosingReason, Intervention, LifeDomain, Municipality
from procesregie.subjects.bsn import validate_bsn
from procesregie.subjects.models import Person, System

from . import format as fmt
from .problems import Problems
from .reading import Dataset
from .signal_checks import SignalChecks
from .staff_checks import StaffChecks


class DatasetChecks:
    def __init__(self, dataset: Dataset, problems: Problems, *, today: datetime.date):
        self.dataset = dataset
        self.problems = problems
        self.today = today  # the day of the import: nothing that happened lies after it

    def run(self) -> None:
        self._nothing_after_today()
        self.municipalities = self._codes(fmt.MUNICIPALITIES, "code", Municipality)
        self.organisations = self._codes(fmt.ORGANISATIONS, "code", Organisation)
        self.domains = self._codes(fmt.DOMAINS, "code", LifeDomain)
        self.interventions = self._codes(fmt.INTERVENTIONS, "code", Intervention)
        self.approach_units = self._approaches()
        self.closing_reasons = set(ClosingReason.objects.values_list("code", flat=True))
        staff = StaffChecks(self)
        staff.run_before_cases()
        self.person_refs = self._persons()
        self.system_refs = self._systems()
        self._system_members()
        self._police_registrations()
        self.trajectories = self._cases()
        self._case_rows(fmt.DISCUSSIONS)
        self._case_rows(fmt.MEASUREMENTS, domain=self.domains)
        self._case_rows(fmt.CASE_INTERVENTIONS, intervention=self.interventions, organisation=self.organisations)
        self._due_dates()
        staff.run_after_cases(self.case_records)
        SignalChecks(self).run()

    # -- helpers ---------------------------------------------------------------------------------
    def _problem(self, spec, record, column, message) -> None:
        self.problems.add(spec.name, record.line, column, message)

    def _unique(self, spec: fmt.FileSpec, key: str):
        """Records of `spec` whose `key` is not a duplicate of an earlier row (duplicates are problems)."""
        seen: dict = {}
        for record in self.dataset[spec]:
            value = record[key]
            if value in seen:
                self._problem(spec, record, key, _("dubbele waarde; eerder gebruikt op regel %(line)d") % {"line": seen[value]})
                continue
            seen[value] = record.line
            yield record

    def _codes(self, spec: fmt.FileSpec, key: str, model) -> set[str]:
        codes = {record[key] for record in self._unique(spec, key)} | self.dataset.rejected_keys(spec, key)
        return codes | set(model.objects.values_list(key, flat=True))

    def _known(self, spec, record, column, known, message=None) -> bool:
        value = record[column]
        if value is None or value in known:
            return True
        self._problem(spec, record, column, message or _("onbekende verwijzing '%(value)s'") % {"value": value})
        return False

    def _nothing_after_today(self) -> None:
        for spec in fmt.ALL_FILES:
            columns = [column.name for column in spec.columns if column.happened]
            for record in self.dataset[spec] if columns else ():
                for column in columns:
                    if record[column] is not None and record[column] > self.today:
                        self._problem(spec, record, column, _("datum ligt na de dag van de import (%(today)s)")
                                      % {"today": self.today.isoformat()})

    # -- reference data ----------------------------------------------------------------------------
    def _approaches(self) -> dict[str, str]:
        spec = fmt.APPROACHES
        units = dict(Approach.objects.values_list("code", "unit"))
        parents = {code: parent for code, parent in Approach.objects.values_list("code", "parent__code")}
        in_use = set(Registration.objects.values_list("approach__code", flat=True).distinct())
        records = list(self._unique(spec, "code"))
        units.update({code: None for code in self.dataset.rejected_keys(spec, "code") if code not in units})
        for record in records:
            code = record["code"]
            if code in in_use and units.get(code) not in (None, record["unit"]):
                self._problem(spec, record, "unit", _("de eenheid van een aanpak met aanmeldingen kan niet veranderen"))
            units[code] = record["unit"]
            parents[code] = record["parent"]
        for record in records:
            if not self._known(spec, record, "parent", units):
                continue
            code, seen = record["code"], set()
            while code is not None and code not in seen:
                seen.add(code)
                code = parents.get(code)
            if code is not None:
                self._problem(spec, record, "parent", _("bovenliggende aanpakken vormen een kring"))
        return units

    # -- subjects --------------------------------------------------------------------------------------
    def _persons(self) -> set[str]:
        spec = fmt.PERSONS
        refs = set(Person.objects.values_list("ref", flat=True)) | self.dataset.rejected_keys(spec, "person_ref")
        bsn_owner = dict(Person.objects.filter(bsn__isnull=False).values_list("bsn", "ref"))
        dataset_bsn: dict[str, int] = {}
        for record in self._unique(spec, "person_ref"):
            refs.add(record["person_ref"])
            self._known(spec, record, "municipality", self.municipalities)
            if record["bsn"] is None:
                continue
            try:
                bsn = validate_bsn(record["bsn"])
            except DomainError as error:
                self._problem(spec, record, "bsn", str(error))
                continue
            record.values["bsn"] = bsn
            if bsn in dataset_bsn:
                self._problem(spec, record, "bsn", _("BSN komt al voor op regel %(line)d") % {"line": dataset_bsn[bsn]})
            elif bsn_owner.get(bsn, record["person_ref"]) != record["person_ref"]:
                self._problem(spec, record, "bsn", _("dit BSN is al geregistreerd bij een andere persoon"))
            dataset_bsn[bsn] = record.line
        return refs

    def _systems(self) -> set[str]:
        spec = fmt.SYSTEMS
        refs = set(System.objects.values_list("ref", flat=True)) | self.dataset.rejected_keys(spec, "system_ref")
        for record in self._unique(spec, "system_ref"):
            refs.add(record["system_ref"])
            self._known(spec, record, "municipality", self.municipalities)
        return refs

    def _system_members(self) -> None:
        spec = fmt.SYSTEM_MEMBERS
        seen: dict = {}
        for record in self.dataset[spec]:
            ok = self._known(spec, record, "system_ref", self.system_refs)
            ok &= self._known(spec, record, "person_ref", self.person_refs)
            key = (record["system_ref"], record["person_ref"])
            if ok and key in seen:
                self._problem(spec, record, "person_ref", _("persoon staat al in dit systeem (regel %(line)d)") % {"line": seen[key]})
            seen.setdefault(key, record.line)

    def _police_registrations(self) -> None:
        for record in self.dataset[fmt.POLICE_REGISTRATIONS]:
            self._known(fmt.POLICE_REGISTRATIONS, record, "person_ref", self.person_refs)

    # -- casework ----------------------------------------------------------------------------------------
    def _cases(self) -> set[str]:
        """Check cases.csv; return the case refs that are trajectories (dataset and installation)."""
        spec = fmt.CASES
        records = self.case_records = list(self._unique(spec, "case_ref"))
        in_file = {record["case_ref"]: record for record in records}
        stored = {
            ref: {"approach": approach, "start_date": start, "end_date": end, "end_reason": reason}
            for ref, approach, start, end, reason in Registration.objects.values_list(
                "ref", "approach__code", "case__start_date", "case__end_date", "case__end_reason__code"
            )
            if ref not in in_file
        }
        continued = Counter(record["transferred_from"] for record in records if record["transferred_from"])
        stored_continuations = Case.objects.filter(transferred_from__isnull=False).values_list(
            "registration__ref", "transferred_from__registration__ref"
        )
        continued.update(source for ref, source in stored_continuations if ref not in in_file)
        for record in records:
            self._case_row(spec, record, in_file, stored, continued)
        # Every registration a row may name (signals.csv `case_ref`): the file's, the installation's, the refused.
        self.case_refs = set(in_file) | set(stored) | self.dataset.rejected_keys(spec, "case_ref")
        trajectories = {ref for ref, case in stored.items() if case["start_date"] is not None}
        trajectories |= {record["case_ref"] for record in records if record["start_date"] is not None}
        trajectories |= {values.get("case_ref") for values in self.dataset.rejected.get(spec.name, []) if values.get("start_date")}
        return trajectories

    def _case_row(self, spec, record, in_file, stored, continued) -> None:
        self._known(spec, record, "approach", self.approach_units)
        self._known(spec, record, "municipality", self.municipalities)
        self._known(spec, record, "reported_by", self.organisations)
        self._subject_matches_unit(spec, record)
        decision, start, end, reason = record["triage_decision"], record["start_date"], record["end_date"], record["end_reason"]
        if record["triage_on"] is not None and decision is None:
            self._problem(spec, record, "triage_on", _("triage_on vereist een triage_decision"))
        if start is not None and decision != "accepted":
            self._problem(spec, record, "start_date", _("start_date vereist triage_decision=accepted"))
        if end is not None and start is None:
            self._problem(spec, record, "end_date", _("end_date vereist een start_date"))
        if end is not None and reason is None:
            self._problem(spec, record, "end_reason", _("end_date vereist een end_reason"))
        if reason is not None and end is None:
            self._problem(spec, record, "end_reason", _("end_reason zonder end_date"))
        if end is not None and start is not None and end < start:
            self._problem(spec, record, "end_date", _("end_date ligt voor start_date"))
        if reason is not None:
            self._known(spec, record, "end_reason", self.closing_reasons)
        source = record["transferred_from"]
        if source is None:
            return
        if start is None:
            self._problem(spec, record, "transferred_from", _("transferred_from vereist een start_date"))
        if continued[source] > 1:
            self._problem(spec, record, "transferred_from", _("deze casus wordt al door een andere casus voortgezet"))
        if source == record["case_ref"]:
            self._problem(spec, record, "transferred_from", _("een casus kan niet zichzelf voortzetten"))
            return
        if source in in_file:
            source_case = in_file[source].values
        elif source in stored:
            source_case = stored[source]
        else:
            self._problem(spec, record, "transferred_from", _("onbekende casus '%(value)s'") % {"value": source})
            return
        if source_case["end_reason"] != "overdracht_intern":
            self._problem(spec, record, "transferred_from", _("de genoemde casus is niet afgesloten met overdracht_intern"))
        if source_case["approach"] == record["approach"]:
            self._problem(spec, record, "transferred_from",
                          _("de genoemde casus hoort bij dezelfde aanpak; een overdracht gaat naar een andere aanpak"))
        source_end = source_case["end_date"]
        if source_end is not None and start is not None and source_end > start:
            self._problem(spec, record, "transferred_from",
                          _("de genoemde casus eindigt op %(end)s, na de start_date van deze casus")
                          % {"end": source_end.isoformat()})

    def _subject_matches_unit(self, spec, record) -> None:
        unit = self.approach_units.get(record["approach"])
        ref = record["subject_ref"]
        if unit == "person" and ref not in self.person_refs:
            message = (_("'%(ref)s' is een systeem; deze aanpak werkt met personen") if ref in self.system_refs
                       else _("onbekende persoon '%(ref)s'"))
            self._problem(spec, record, "subject_ref", message % {"ref": ref})
        elif unit == "system" and ref not in self.system_refs:
            message = (_("'%(ref)s' is een persoon; deze aanpak werkt met systemen") if ref in self.person_refs
                       else _("onbekend systeem '%(ref)s'"))
            self._problem(spec, record, "subject_ref", message % {"ref": ref})

    def _due_dates(self) -> None:
        spec = fmt.CASE_INTERVENTIONS
        for record in self.dataset[spec]:
            if record["due_date"] is not None and record["due_date"] < record["agreed_on"]:
                self._problem(spec, record, "due_date", _("due_date ligt voor agreed_on"))

    def _case_rows(self, spec: fmt.FileSpec, **references: set[str]) -> None:
        for record in self.dataset[spec]:
            ref = record["case_ref"]
            if ref is not None and ref not in self.trajectories:  # the message only when needed: 400 000 rows
                self._problem(spec, record, "case_ref",
                              _("'%(ref)s' is geen casus in regie (onbekend of zonder start_date)") % {"ref": ref})
            for column, known in references.items():
                self._known(spec, record, column, known)
