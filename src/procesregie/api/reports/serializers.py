"""The figures' input (the year, the outcomes window) and the shape of their answers in the OpenAPI document.

Input: the rules of the report pages. The year of the annual report is a whole number from 1990 to 2100 (the view
answers a year after this one with 404: its report does not exist yet). The outcomes window follows the page
"Resultaten" (`reporting.outcome_views.OutcomesForm`): `van` and `tot` both or neither (neither: the latest cohort
year with a full year of follow-up on the peildatum), dates YYYY-MM-DD from 1990 to 2100, `van` not after `tot`,
the peildatum not after today (default: today).

Output: documentation only (the views answer the published JSON as it is). A count may be hidden, so a count is an
integer or the text of a hidden count: "<N" (0 to N-1) or "afg." (N or more). The schema says what every answer
holds and leaves the names of approaches, organisations, municipalities, kinds and domains open (maps).
"""

import datetime
import re

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from procesregie.reporting.outcome_views import EARLIEST, LATEST

FIRST_YEAR, LAST_YEAR = EARLIEST.year, LATEST.year  # the dates the report pages accept
_YEAR = re.compile(r"\d{4}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_year(value: str) -> int:
    """The year of the path, or a `ValidationError` keyed `year`."""
    if not _YEAR.fullmatch(value or ""):
        raise serializers.ValidationError({"year": [_("Geef een jaar van vier cijfers, zoals 2024.")]})
    year = int(value)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        message = _("Kies een jaar van %(first)s tot en met %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR}
        raise serializers.ValidationError({"year": [message]})
    return year


class IsoDate(serializers.Field):
    """A calendar date written exactly as YYYY-MM-DD, from 1990 to 2100."""

    default_error_messages = {"invalid": _("Vul een geldige datum in, zoals 2024-12-31.")}

    def to_internal_value(self, data):
        if not isinstance(data, str) or not _DATE.fullmatch(data):
            self.fail("invalid")
        try:
            day = datetime.date.fromisoformat(data)
        except ValueError:
            self.fail("invalid")
        if not EARLIEST <= day <= LATEST:
            raise serializers.ValidationError(_("Kies een datum van %(first)s tot en met %(last)s.")
                                              % {"first": FIRST_YEAR, "last": LAST_YEAR}, code="out_of_range")
        return day

    def to_representation(self, value):
        return value.isoformat()


class OutcomesWindow(serializers.Serializer):
    """The query of the outcomes report; `window()` gives (first, last, as_of)."""

    van = IsoDate(required=False)
    tot = IsoDate(required=False)
    peildatum = IsoDate(required=False)

    def validate_peildatum(self, value):
        if value > timezone.localdate():  # the year after would count as followed while it is still to come
            raise serializers.ValidationError(_("De peildatum ligt na vandaag: wat daarna gebeurt, is nog niet "
                                                "geregistreerd. Kies vandaag of een eerdere dag."))
        return value

    def validate(self, attrs):
        first, last = attrs.get("van"), attrs.get("tot")
        if first and not last:
            raise serializers.ValidationError({"tot": [_("Geef ook tot mee, of laat van en tot allebei weg voor het "
                                                         "standaardcohortjaar.")]})
        if last and not first:
            raise serializers.ValidationError({"van": [_("Geef ook van mee, of laat van en tot allebei weg voor het "
                                                         "standaardcohortjaar.")]})
        if first and last and first > last:
            raise serializers.ValidationError({"tot": [_("De einddatum ligt vóór de begindatum.")]})
        return attrs

    def window(self) -> tuple[datetime.date, datetime.date, datetime.date]:
        from procesregie.reporting.outcomes import default_cohort_year  # noqa: PLC0415

        data = self.validated_data
        as_of = data.get("peildatum") or timezone.localdate()
        if data.get("van"):
            return data["van"], data["tot"], as_of
        year = default_cohort_year(as_of)
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
