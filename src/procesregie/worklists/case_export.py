"""The case list as a file: CSV or XLSX, one row per case, the columns of the list.

Every text cell a spreadsheet would take for a formula (`=`, `+`, `-`, `@`, tab, carriage return) is escaped with a
leading apostrophe, exactly as the interchange export writes its files (`interchange.csvfile.escape_cell`): a name
typed as `=HYPERLINK(...)` stays text in Excel and LibreOffice. In the XLSX file numbers and dates are real numbers
and dates.
"""

import datetime
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from procesregie.casework.models import Case
from procesregie.interchange.csvfile import escape_cell, write_table

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _headers() -> list[str]:
    return [
        _("Referentie"), _("Persoon of systeem"), _("Aanpak"), _("Overlegtafel"), _("Gemeente"), _("Startdatum"),
        _("Einddatum"), _("Status"), _("Procesregisseur"), _("Casushouder"), _("Dagen in regie"),
    ]


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def _row(case: Case, today: datetime.date) -> list:
    registration = case.registration
    return [
        registration.ref,
        str(registration.person or registration.system),
        str(registration.approach),
        str(case.table) if case.table else "",
        str(registration.municipality),
        case.start_date,
        case.end_date,
        case.get_status_display(),
        _name(case.procesregisseur),
        str(case.case_holder) if case.case_holder else "",
        ((case.end_date or today) - case.start_date).days,
    ]


def as_csv(cases: list[Case]) -> bytes:
    today = timezone.localdate()
    handle = io.StringIO(newline="")
    write_table(handle, _headers(), (_row(case, today) for case in cases))
    return handle.getvalue().encode("utf-8")


def _xlsx_cell(value):
    return escape_cell(value) if isinstance(value, str) else value


def as_xlsx(cases: list[Case]) -> bytes:
    today = timezone.localdate()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Casussen")[:31])
    sheet.append(_headers())
    for case in cases:
        sheet.append([_xlsx_cell(value) for value in _row(case, today)])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def render(cases: list[Case], file_format: str) -> bytes:
    return as_csv(cases) if file_format == "csv" else as_xlsx(cases)
