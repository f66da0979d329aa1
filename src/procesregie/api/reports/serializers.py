"""The figures' input (the year, the outcomes window) and the shape of their answers in the OpenAPI document.

Input: a year from 1990 to 2100, and only what is published: the annual report of a year that has ended (the view
answers a later one with 404), the outcomes of a whole cohort year measured on 31 December of the year after, once
that day has passed (`published_cohort`). The pages let a manager choose any window and peildatum; a client that
could ask any day could subtract two answers a day apart into one person's figures.

Output: documentation only (the views answer the published JSON as it is). A count may be hidden, so a count is an
integer or the text of a hidden count: "<N" (0 to N-1) or "afg." (N or more). The schema says what every answer
holds and leaves the names of approaches, organisations, municipalities, kinds and domains open (maps).
"""

import datetime
import re

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from procesregie.reporting.outcome_views import EARLIEST, LATEST

FIRST_YEAR, LAST_YEAR = EARLIEST.year, LATEST.year  # the dates the report pages accept
_YEAR = re.compile(r"\d{4}")


def parse_year(value: str) -> int:
    """The year of the path, or a `ValidationError` keyed `year`."""
    if not _YEAR.fullmatch(value or ""):
        raise serializers.ValidationError({"year": [_("Geef een jaar van vier cijfers, zoals 2024.")]})
    year = int(value)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        message = _("Kies een jaar van %(first)s tot en met %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR}
        raise serializers.ValidationError({"year": [message]})
    return year


def published_cohort(value: str | None, *, today: datetime.date) -> tuple[datetime.date, datetime.date, datetime.date]:
    """(from, to, as_of) of the published outcomes of cohort year `value` (default: the latest published one).

    Published means fixed: the whole calendar year's cohort, measured on 31 December of the year after, once that day
    has passed. Windows of any days, or a peildatum that moves with today, would let two answers a day apart be
    subtracted into one person's police record (security review of issue 16). A year whose peildatum is still to
    come is not published yet: `Http404`.
    """
    if value in (None, ""):
        year = today.year - 1 if today == datetime.date(today.year, 12, 31) else today.year - 2
    else:
        try:
            year = parse_year(value)
        except serializers.ValidationError as refused:
            raise serializers.ValidationError({"cohortjaar": refused.detail["year"]}) from None
    as_of = datetime.date(year + 1, 12, 31)
    if as_of > today:
        raise Http404
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31), as_of


# --- the answers, for the OpenAPI document -----------------------------------------------------------------------

HIDDEN_PATTERN = r"^(<[0-9]+|afg\.)$"
HIDDEN_TEXT = {"type": "string", "pattern": HIDDEN_PATTERN}


@extend_schema_field({
    "oneOf": [{"type": "integer"}, HIDDEN_TEXT],
    "description": "Een aantal, of afgeschermd: „<N” (0 tot N) of „afg.” (N of meer).",
})
class Count(serializers.Field):
    pass


@extend_schema_field({
    "anyOf": [{"type": "number", "nullable": True}, {"type": "string", "enum": ["afg."]}],
    "description": "Een percentage met één decimaal; null als het niet te berekenen is; „afg.” als het een "
                   "afgeschermd aantal zou verraden.",
})
class Percentage(serializers.Field):
    pass


@extend_schema_field({
    "anyOf": [
        {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2, "nullable": True},
        {"type": "string", "enum": ["afg."]},
    ],
    "description": "Een 95%-interval [laag, hoog] in procenten; null als er geen is; „afg.” als het afgeschermd is.",
})
class Interval(serializers.Field):
    pass


def _counts(*names: str) -> dict:
    return {name: Count() for name in names}


def _count_map(help_text: str) -> serializers.DictField:
    return serializers.DictField(child=Count(), help_text=help_text)


def _schema(name: str, fields: dict) -> type[serializers.Serializer]:
    """A serializer class for the document (one class per component: every use is an instance of it)."""
    return type(name, (serializers.Serializer,), dict(fields))


AnnualFlow = _schema("AnnualFlow", _counts("start", "inflow", "transfer_in", "outflow", "transfer_out", "end",
                                           "caseload"))
AnnualMunicipality = _schema("AnnualMunicipality", _counts("start", "end", "plus", "minus"))
AnnualDistrict = _schema("AnnualDistrict", _counts("start", "end", "plus", "minus", "caseload"))
AnnualDiscussions = _schema("AnnualDiscussions", _counts("count", "unique_subjects", "client_present",
                                                         "expert_present"))
AnnualSignals = _schema("AnnualSignals", {
    **_counts("count"),
    "by_kind": _count_map("Per soort (melding, adviesgesprek)."),
    "by_reporter_kind": _count_map("Per soort melder."),
    **_counts("to_registration"),
})
AnnualEscalations = _schema("AnnualEscalations", {
    **_counts("count", "resolved"), "by_outcome": _count_map("Per uitkomst van de afgehandelde opschalingen."),
})
AnnualApproach = _schema("AnnualApproach", {
    "unit": serializers.CharField(help_text="person of system"),
    "flow": AnnualFlow(),
    "outflow_by_reason": _count_map("Uitstroom en interne overdracht per reden (code)."),
    "inflow_by_reporter": _count_map("Instroom per melder (organisatiecode)."),
    "inflow_by_reporter_kind": _count_map("Instroom per soort melder."),
    "declined": Count(),
    "durations": _count_map("Beëindigde trajecten per duur (lt_1y, 1_2y, … of 0_6m, 6_12m, …)."),
    "by_municipality": serializers.DictField(child=AnnualMunicipality(), help_text="Per gemeentecode."),
    "by_district": serializers.DictField(child=AnnualDistrict(), help_text="Per district."),
    "discussions": AnnualDiscussions(),
    "domain_progress": serializers.DictField(
        child=serializers.DictField(child=Count()),
        help_text="Per leefgebied: n en het aantal per verschil (\"-4\" … \"+4\") van nulmeting tot eindmeting."),
    "interventions": _count_map("Afgesproken interventies per code."),
    "persons_involved": Count(required=False, help_text="Alleen bij systeemaanpakken."),
    "signals": AnnualSignals(),
    "escalations": AnnualEscalations(),
})
AnnualTotalsPerson = _schema("AnnualTotalsPerson", _counts("start", "inflow", "outflow", "end", "caseload"))
AnnualTotalsSystem = _schema("AnnualTotalsSystem", _counts("start", "inflow", "outflow", "end", "caseload",
                                                           "persons_involved"))
AnnualTotals = _schema("AnnualTotals", {"person": AnnualTotalsPerson(), "system": AnnualTotalsSystem()})
AnnualReport = _schema("AnnualReport", {
    "report": serializers.CharField(help_text="annual"),
    "version": serializers.IntegerField(),
    "year": serializers.IntegerField(),
    "approaches": serializers.DictField(child=AnnualApproach(), help_text="Per aanpakcode, elke aanpak."),
    "totals": AnnualTotals(),
})

OutcomesBeforeAfter = _schema("OutcomesBeforeAfter", _counts("before", "after"))


def _group_fields() -> dict:
    """A recidivism group's figures."""
    return {
        **_counts("n", "not_eligible", "excluded_deceased", "registrations_before", "registrations_after"),
        "change_pct": Percentage(),
        **_counts("persons_any_before", "persons_any_after"),
        "ci95_change_pct": Interval(),
        "by_kind": serializers.DictField(child=OutcomesBeforeAfter(),
                                         help_text="Politieregistraties per soort, het jaar ervoor en het jaar erna."),
    }


OutcomesComparison = _schema("OutcomesComparison", _group_fields())
OutcomesRecidivism = _schema("OutcomesRecidivism", {**_group_fields(), "comparison": OutcomesComparison()})
OutcomesDomain = _schema("OutcomesDomain", {
    **_counts("n", "improved", "same", "worse"), "improved_pct": Percentage(), "wilson95": Interval(),
})
OutcomesOrganisation = _schema("OutcomesOrganisation", _counts("agreed", "running", "done", "cancelled", "total",
                                                               "overdue"))
OutcomesApproach = _schema("OutcomesApproach", {
    "recidivism": OutcomesRecidivism(),
    "domain_progress": serializers.DictField(child=OutcomesDomain(), help_text="Per leefgebied."),
    "follow_through": serializers.DictField(child=OutcomesOrganisation(), help_text="Per organisatiecode."),
})
OutcomesReport = _schema("OutcomesReport", {
    "report": serializers.CharField(help_text="outcomes"),
    "version": serializers.IntegerField(),
    "from": serializers.DateField(help_text="Eerste dag van het venster (eerste bespreking)."),
    "to": serializers.DateField(help_text="Laatste dag van het venster."),
    "as_of": serializers.DateField(help_text="De peildatum."),
    "approaches": serializers.DictField(child=OutcomesApproach(), help_text="Per aanpakcode, elke aanpak."),
})
