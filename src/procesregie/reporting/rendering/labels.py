"""Names for the codes in an annual report, and the Dutch wording of its fixed categories.

The report dict (shared/spec/annual-report.md) carries codes only. The renderings take a small
`labels` dict next to it, so they can run on a hand-made report without a database:

    {
      "approaches": {"topx-west": {"name": "Top X West", "parent": "topx", "unit": "person",
                                   "duration_scheme": "years"}},
      "municipalities": {"GM0344": {"name": "Utrecht", "district": "Stad"}},
      "organisations": {"politie-mn": {"name": "Politie Midden-Nederland", "kind": "politie"}},
      "organisation_kinds": {"politie": "politie"},
      "closing_reasons": {"positief": "Positief afgesloten (doelen behaald)"},
      "domains": {"huisvesting": "Huisvesting"},
      "interventions": {"fact": "FACT-behandeling (outreachend)"},
      "escalation_outcomes": {"afspraak_gemaakt": "afspraak gemaakt"},
      "police_kinds": {"misdrijf": "misdrijf"},  # the outcomes report
    }

Every part is optional: a code without a name is shown as the code itself. The order of the
entries is the order of the report (closing reasons, domains, interventions); `labels_from_reference`
fills them in the order the reference data defines. Approaches are ordered as a tree, siblings by name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

# Duration buckets per scheme, in order (shared/spec/annual-report.md, "durations").
DURATION_BUCKETS = {
    "years": ("lt_1y", "1_2y", "2_4y", "gt_4y"),
    "months": ("0_6m", "6_12m", "1_2y", "2_4y", "gt_4y"),
}
DELTA_KEYS = ("-4", "-3", "-2", "-1", "0", "+1", "+2", "+3", "+4")
FLOW_KEYS = ("start", "inflow", "transfer_in", "outflow", "transfer_out", "end", "caseload")
AREA_KEYS = ("start", "plus", "minus", "end")
DISTRICT_KEYS = ("start", "plus", "minus", "end", "caseload")
DISCUSSION_KEYS = ("count", "unique_subjects", "client_present", "expert_present")
SIGNAL_KINDS = ("melding", "adviesgesprek")  # the kinds of `signals.by_kind`, in display order


def duration_bucket_label(key: str) -> str:
    return {
        "lt_1y": _("< 1 jaar"),
        "0_6m": _("0–6 mnd"),
        "6_12m": _("6–12 mnd"),
        "1_2y": _("1–2 jaar"),
        "2_4y": _("2–4 jaar"),
        "gt_4y": _("> 4 jaar"),
    }.get(key, key)


def flow_label(key: str) -> str:
    return {
        "start": _("In regie op 1 januari"),
        "inflow": _("Instroom"),
        "transfer_in": _("Overdracht in (uit andere aanpak)"),
        "outflow": _("Uitstroom"),
        "transfer_out": _("Overdracht uit (naar andere aanpak)"),
        "end": _("In regie op 31 december"),
        "caseload": _("Totaal in regie (caseload)"),
        "persons_involved": _("Personen in de systemen"),
    }.get(key, key)


def flow_short_label(key: str) -> str:
    """Column headings where space is short (overview tables, spreadsheet, chart legends)."""
    return {
        "start": _("1 januari"),
        "inflow": _("Instroom"),
        "transfer_in": _("Overdracht in"),
        "outflow": _("Uitstroom"),
        "transfer_out": _("Overdracht uit"),
        "end": _("31 december"),
        "caseload": _("Caseload"),
        "declined": _("Afgewezen"),
        "persons_involved": _("Personen in systemen"),
    }.get(key, key)


def area_label(key: str) -> str:
    return {
        "start": _("1 januari"),
        "plus": _("Plus (instroom en overdracht in)"),
        "minus": _("Min (uitstroom en overdracht uit)"),
        "end": _("31 december"),
        "caseload": _("Caseload"),
    }.get(key, key)


def area_short_label(key: str) -> str:
    return {"start": _("1 januari"), "plus": _("Plus"), "minus": _("Min"), "end": _("31 december"),
            "caseload": _("Caseload")}.get(key, key)


def discussion_label(key: str) -> str:
    return {
        "count": _("Besprekingen"),
        "unique_subjects": _("Unieke besproken personen of systemen"),
        "client_present": _("Besprekingen met de cliënt aan tafel"),
        "expert_present": _("Besprekingen met een ervaringsdeskundige"),
    }.get(key, key)


def signal_label(key: str) -> str:
    """The figures of `signals` and the kinds of `signals.by_kind`."""
    return {
        "count": _("Meldingen en adviesgesprekken"),
        "to_registration": _("Leidden tot een aanmelding"),
        "melding": _("Meldingen"),
        "adviesgesprek": _("Adviesgesprekken"),
    }.get(key, key)


def escalation_label(key: str) -> str:
    """The single figures of `escalations`."""
    return {"count": _("Escalaties"), "resolved": _("Afgehandeld in het jaar")}.get(key, key)


def unit_label(unit: str, *, plural: bool = False) -> str:
    if unit == "system":
        return _("systemen") if plural else _("systeem")
    if unit == "person":
        return _("personen") if plural else _("persoon")
    return unit


def delta_label(key: str) -> str:
    return "0" if key == "0" else key.replace("-", "−")


@dataclass(frozen=True)
class ApproachNode:
    code: str
    depth: int
    parent: str | None
    ancestors: tuple[str, ...]
    has_children: bool


class ReportLabels:
    """Lookups over a `labels` dict, each falling back to the code itself."""

    def __init__(self, labels: Mapping[str, Any] | None):
        self.raw: Mapping[str, Any] = labels or {}
        self.approaches: Mapping[str, Mapping[str, Any]] = self.raw.get("approaches") or {}
        self.municipalities: Mapping[str, Mapping[str, Any]] = self.raw.get("municipalities") or {}
        self.organisations: Mapping[str, Mapping[str, Any]] = self.raw.get("organisations") or {}
        self.closing_reasons: Mapping[str, str] = self.raw.get("closing_reasons") or {}
        self.domains: Mapping[str, str] = self.raw.get("domains") or {}
        self.interventions: Mapping[str, str] = self.raw.get("interventions") or {}
        self.organisation_kinds: Mapping[str, str] = self.raw.get("organisation_kinds") or _default_kinds()
        self.escalation_outcomes: Mapping[str, str] = (self.raw.get("escalation_outcomes")
                                                       or _default_escalation_outcomes())

    # --- names --------------------------------------------------------------------------------
    def approach_name(self, code: str) -> str:
        return (self.approaches.get(code) or {}).get("name") or code

    def approach_parent(self, code: str) -> str | None:
        return (self.approaches.get(code) or {}).get("parent") or None

    def municipality_name(self, code: str) -> str:
        return (self.municipalities.get(code) or {}).get("name") or code

    def municipality_district(self, code: str) -> str:
        return (self.municipalities.get(code) or {}).get("district") or ""

    def organisation_name(self, code: str) -> str:
        return (self.organisations.get(code) or {}).get("name") or code

    def organisation_kind(self, code: str) -> str:
        return (self.organisations.get(code) or {}).get("kind") or ""

    def kind_name(self, code: str) -> str:
        return self.organisation_kinds.get(code) or code

    def reason_name(self, code: str) -> str:
        return self.closing_reasons.get(code) or code

    def domain_name(self, code: str) -> str:
        return self.domains.get(code) or code

    def intervention_name(self, code: str) -> str:
        return self.interventions.get(code) or code

    def escalation_outcome_name(self, code: str) -> str:
        return self.escalation_outcomes.get(code) or code

    def duration_scheme(self, code: str, durations: Mapping[str, Any] | None = None) -> str:
        scheme = (self.approaches.get(code) or {}).get("duration_scheme")
        if scheme in DURATION_BUCKETS:
            return scheme
        if durations and any(key in durations for key in ("0_6m", "6_12m")):
            return "months"
        return "years"

    # --- orders -------------------------------------------------------------------------------
    @staticmethod
    def _ordered(keys: Iterable[str], reference_order: Iterable[str]) -> list[str]:
        keys = list(keys)
        known = [key for key in reference_order if key in keys]
        rest = sorted(key for key in keys if key not in known)
        return known + rest

    def ordered_reasons(self, keys: Iterable[str]) -> list[str]:
        return self._ordered(keys, self.closing_reasons)

    def ordered_kinds(self, keys: Iterable[str]) -> list[str]:
        return self._ordered(keys, self.organisation_kinds)

    def ordered_domains(self, keys: Iterable[str]) -> list[str]:
        return self._ordered(keys, self.domains)

    def ordered_signal_kinds(self, keys: Iterable[str]) -> list[str]:
        return self._ordered(keys, SIGNAL_KINDS)

    def ordered_escalation_outcomes(self, keys: Iterable[str]) -> list[str]:
        return self._ordered(keys, self.escalation_outcomes)

    def ordered_interventions(self, keys: Iterable[str]) -> list[str]:
        keys = list(keys)
        return sorted(keys, key=lambda code: (self.intervention_name(code).casefold(), code))

    def ordered_organisations(self, keys: Iterable[str]) -> list[str]:
        return sorted(keys, key=lambda code: (self.organisation_name(code).casefold(), code))

    def ordered_municipalities(self, keys: Iterable[str]) -> list[str]:
        return sorted(keys, key=lambda code: (self.municipality_name(code).casefold(), code))

    def approach_tree(self, codes: Iterable[str]) -> list[ApproachNode]:
        """The report's approaches depth-first: each parent followed by its children, siblings by name.

        An approach whose parent is not in the report is shown at the top level.
        """
        codes = list(codes)
        present = set(codes)
        children: dict[str | None, list[str]] = {}
        for code in codes:
            parent = self.approach_parent(code)
            children.setdefault(parent if parent in present and parent != code else None, []).append(code)
        nodes: list[ApproachNode] = []
        seen: set[str] = set()

        def walk(parent: str | None, depth: int, ancestors: tuple[str, ...]) -> None:
            for code in sorted(children.get(parent, []), key=lambda c: (self.approach_name(c).casefold(), c)):
                if code in seen:  # a cycle in the reference data: show each approach once
                    continue
                seen.add(code)
                nodes.append(ApproachNode(code, depth, parent, ancestors, bool(children.get(code))))
                walk(code, depth + 1, (*ancestors, code))

        walk(None, 0, ())
        for code in codes:  # only reachable through a cycle
            if code not in seen:
                seen.add(code)
                nodes.append(ApproachNode(code, 0, None, (), False))
        return nodes


def _default_kinds() -> dict[str, str]:
    from procesregie.accounts.models import OrganisationKind

    return {value: str(label) for value, label in OrganisationKind.choices}


def _default_escalation_outcomes() -> dict[str, str]:
    from procesregie.escalations.models import EscalationOutcome

    return {value: str(label) for value, label in EscalationOutcome.choices}


def _default_police_kinds() -> dict[str, str]:
    from procesregie.subjects.models import PoliceKind

    return {value: str(label) for value, label in PoliceKind.choices}


def labels_from_reference() -> dict[str, Any]:
    """The labels dict for this installation, read from the reference data (a handful of queries)."""
    from procesregie.accounts.models import Organisation
    from procesregie.reference.models import Approach, ClosingReason, Intervention, LifeDomain, Municipality

    return {
        "approaches": {
            approach.code: {
                "name": approach.name,
                "parent": approach.parent.code if approach.parent_id else None,
                "unit": approach.unit,
                "duration_scheme": approach.duration_scheme,
            }
            for approach in Approach.objects.select_related("parent")
        },
        "municipalities": {
            municipality.code: {"name": municipality.name, "district": municipality.district.name}
            for municipality in Municipality.objects.select_related("district")
        },
        "organisations": {
            organisation.code: {"name": organisation.name, "kind": organisation.kind}
            for organisation in Organisation.objects.all()
        },
        "organisation_kinds": _default_kinds(),
        "escalation_outcomes": _default_escalation_outcomes(),
        "closing_reasons": {reason.code: reason.name for reason in ClosingReason.objects.all()},
        "domains": {domain.code: domain.name for domain in LifeDomain.objects.all()},
        "interventions": {intervention.code: intervention.name for intervention in Intervention.objects.all()},
        "police_kinds": _default_police_kinds(),  # the outcomes report's registrations by kind
    }
