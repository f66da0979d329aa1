"""The privacy officer records a data subject's requests (`subjects.RightsRequest`, docs/decisions/0019).

- **Inzage** (`inzage_record`): the officer produced the inzage document; the request is recorded as answered on
  the day it was received. Producing (and every download of) the document is logged as an EXPORT by the views.
- **Correction** (`rights_request_record`, kind `correctie`): what was corrected, on which date the request came
  in. Shown on the subject's cases and registrations.
- **Restriction** (`rights_request_record`, kind `beperking`; `restriction_end`): processing restricted from the
  date the request came in until the officer ends it. Shown on the subject's cases and registrations while in force.

Only the privacy officer (`ANSWER_SUBJECT_RIGHTS`); anyone else gets `NotFound` (404). Dates not in the future;
an end not before the start; the explanation required for a correction and a restriction, without a BSN (it is
shown to everyone who sees the case). Each is logged (one access-log entry for the subject) in the same
transaction.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from procesregie.access.capabilities import ANSWER_SUBJECT_RIGHTS, may
from procesregie.audit.models import Action
from procesregie.audit.services import record_access
from procesregie.core.errors import DomainError, NotFound
from procesregie.core.text import clean_text
from procesregie.subjects.bsn import contains_bsn
from procesregie.subjects.models import Person, RightsRequest, RightsRequestKind, System

DESCRIPTION_MAX_LENGTH = 2_000


def _check_actor(actor) -> None:
    if not may(actor, ANSWER_SUBJECT_RIGHTS):
        raise NotFound


def _check_date(value: datetime.date | None, today: datetime.date) -> datetime.date:
    if value is None:
        raise DomainError(_("Vul de datum in waarop het verzoek binnenkwam."))
    if value > today:
        raise DomainError(_("De datum ligt in de toekomst."))
    return value


def _description(value: str, *, required: bool) -> str:
    text = clean_text(value or "", max_length=DESCRIPTION_MAX_LENGTH)
    if required and not text:
        raise DomainError(_("Beschrijf wat er is gecorrigeerd of beperkt."))
    if contains_bsn(text):
        raise DomainError(_("Er staat een BSN in de toelichting. Iedereen die de casus ziet leest haar: haal het "
                            "nummer weg."))
    return text


def _subject_fields(subject: Person | System) -> dict:
    if isinstance(subject, Person):
        return {"person": subject}
    if isinstance(subject, System):
        return {"system": subject}
    raise NotFound


def _create(actor, subject, kind: str, received_on, description: str, request) -> RightsRequest:
    if subject.destroyed_on is not None:
        raise NotFound
    rights_request = RightsRequest.objects.create(
        **_subject_fields(subject), kind=kind, received_on=received_on, description=description, recorded_by=actor,
    )
    record_access(actor=actor, action=Action.CREATE, obj=rights_request, subject_key=subject.subject_key,
                  request=request)
    return rights_request


@transaction.atomic
def inzage_record(*, actor, subject: Person | System, received_on: datetime.date, request=None) -> RightsRequest:
    """An inzageverzoek answered with the document (the views log the document's export itself)."""
    _check_actor(actor)
    received_on = _check_date(received_on, timezone.localdate())
    return _create(actor, subject, RightsRequestKind.INZAGE, received_on, _("Inzagedocument gemaakt."), request)


RECORDED_KINDS = (RightsRequestKind.CORRECTIE, RightsRequestKind.BEPERKING)


@transaction.atomic
def rights_request_record(*, actor, subject: Person | System, kind: str, received_on: datetime.date,
                          description: str, request=None) -> RightsRequest:
    """A correction made, or a restriction of processing in force from `received_on` (`kind`), with what it is."""
    _check_actor(actor)
    if kind not in RECORDED_KINDS:
        raise DomainError(_("Kies correctie of beperking."))
    received_on = _check_date(received_on, timezone.localdate())
    return _create(actor, subject, kind, received_on, _description(description, required=True), request)


@transaction.atomic
def restriction_end(*, actor, rights_request: RightsRequest, ended_on: datetime.date, request=None) -> RightsRequest:
    """End a restriction in force on `ended_on` (not before it started, not in the future). Ending one that already
    ended is refused: the first end stays."""
    _check_actor(actor)
    locked = (RightsRequest.objects.select_for_update(of=("self",)).select_related("person", "system")
              .filter(pk=rights_request.pk).first())
    if locked is None or locked.kind != RightsRequestKind.BEPERKING:
        raise NotFound
    if locked.ended_on is not None:
        raise DomainError(_("Deze beperking is al beëindigd."))
    if ended_on is None:
        raise DomainError(_("Vul de datum in waarop de beperking eindigt."))
    if ended_on > timezone.localdate():
        raise DomainError(_("De datum ligt in de toekomst."))
    if ended_on < locked.received_on:
        raise DomainError(_("De beperking kan niet eindigen voordat zij begon."))
    locked.ended_on = ended_on
    locked.save(update_fields=["ended_on"])
    subject = locked.person or locked.system
    record_access(actor=actor, action=Action.UPDATE, obj=locked, subject_key=subject.subject_key, request=request)
    return locked
