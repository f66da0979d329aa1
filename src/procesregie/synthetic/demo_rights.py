"""The demo's data-subject requests (`procesregie demo-rights`), so that the demo procesregisseur finds a case with a
restriction of processing in force and a correction on its page, and the demo privacy officer finds them on the
subject's page (docs/decisions/0019):

- on the first case in regie about a person that the demo procesregisseur sees, the demo privacy officer records a
  correction (a month ago) and a restriction of processing (a week ago, in force).

Through the privacy services (which check who may and log the access). Written once: an installation that has
corrections or restrictions gets none.
"""

import datetime

from django.db import transaction

from procesregie.access.rules import cases_visible_to
from procesregie.accounts.models import User
from procesregie.casework.lifecycle import accepting_changes
from procesregie.privacy.services import rights_request_record
from procesregie.subjects.models import RightsRequest, RightsRequestKind

REGISSEUR, OFFICER = "procesregisseur.zvh", "privacy.zvh"
CORRECTION = "Synthetisch: het adres in de aanmelding was verouderd; op verzoek van betrokkene bijgewerkt."
RESTRICTION = ("Synthetisch: betrokkene betwist de juistheid van de melding. Tot de toets is afgerond: geen nieuwe "
               "gegevens delen met partners buiten de overlegtafel.")


def _active(username: str) -> User | None:
    return User.objects.filter(username=username, is_active=True).first()


@transaction.atomic
def write_rights_requests(*, today: datetime.date) -> int:
    """The number of requests written (0 when the demo logins are missing or requests exist already)."""
    if RightsRequest.objects.exclude(kind=RightsRequestKind.INZAGE).exists():
        return 0
    regisseur, officer = _active(REGISSEUR), _active(OFFICER)
    if regisseur is None or officer is None:
        return 0
    case = (cases_visible_to(regisseur).filter(accepting_changes(), registration__person__isnull=False)
            .select_related("registration__person").order_by("pk").first())
    if case is None:
        return 0
    person = case.registration.person
    rights_request_record(actor=officer, subject=person, kind=RightsRequestKind.CORRECTIE,
                          received_on=today - datetime.timedelta(days=30), description=CORRECTION)
    rights_request_record(actor=officer, subject=person, kind=RightsRequestKind.BEPERKING,
                          received_on=today - datetime.timedelta(days=7), description=RESTRICTION)
    return 2
