"""What the privacy officer reads: data subjects by an exact key or name, who accessed them, their rights requests
and the inzage document (`privacy.inzage`).

Only the privacy officer role gets anything here; for everyone else these answer as if nothing exists.
Looking a person up and reading their access history are themselves accesses to personal data, and logged.
"""

import uuid
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from procesregie.access.capabilities import ANSWER_SUBJECT_RIGHTS, REVIEW_ACCESS_LOG, may
from procesregie.audit.models import AccessLogEntry, Action, Outcome
from procesregie.audit.selectors import entries_for_subject
from procesregie.audit.services import AccessTarget, record_access, record_accesses
from procesregie.core.errors import DomainError
from procesregie.retention.due import Due, subject_due
from procesregie.retention.models import DestructionItem, Result
from procesregie.subjects.bsn import validate_bsn
from procesregie.subjects.models import Person, RightsRequest, RightsRequestKind, System

from .inzage import inzage_document, subjects_in_document

MAX_RESULTS = 25


def find_subjects(*, user, query: str, request=None) -> list[Person | System]:
    """Persons and systems matching a BSN, a reference, or (3+ characters) a name. Logged per subject shown."""
    query = query.strip()
    if not may(user, REVIEW_ACCESS_LOG) or not query:
        return []
    condition = Q(ref=query)
    try:
        condition |= Q(bsn=validate_bsn(query))
    except DomainError:
        pass
    if len(query) >= 3:
        condition |= Q(family_name__icontains=query) | Q(given_name__icontains=query)
    persons = list(Person.objects.filter(condition).order_by("family_name", "given_name")[:MAX_RESULTS])
    system_condition = Q(ref=query) | (Q(name__icontains=query) if len(query) >= 3 else Q(pk__in=[]))
    systems = list(System.objects.filter(system_condition).order_by("name")[:MAX_RESULTS])
    found = [*persons, *systems]
    if found:
        record_accesses(actor=user, action=Action.READ, targets=[AccessTarget(obj=s) for s in found], request=request)
    else:
        record_access(actor=user, action=Action.READ, obj=Person, request=request)
    return found


def record_refusal(*, user, action: str, obj, request=None) -> None:
    """A request on the privacy pages that is refused (404: not the privacy officer, or an unknown or foreign
    subject, request or format): logged as denied, with the kind of object (`obj`, a model class) and without a
    subject or any other personal datum (the user is not told which of the reasons it was)."""
    record_access(actor=user, action=action, obj=obj, outcome=Outcome.DENIED, request=request)


def subject_by_key(*, user, subject_key: str, capability: str = REVIEW_ACCESS_LOG) -> Person | System | None:
    if not may(user, capability):
        return None
    try:
        key = uuid.UUID(str(subject_key))
    except ValueError:
        return None
    return Person.objects.filter(subject_key=key).first() or System.objects.filter(subject_key=key).first()


def access_history(*, user, subject: Person | System, request=None, export: bool = False) -> list[AccessLogEntry]:
    """Every logged access to `subject`, oldest first; reading (or exporting) it is logged first."""
    action = Action.EXPORT if export else Action.READ
    record_access(actor=user, action=action, obj=subject, request=request)
    return list(entries_for_subject(subject.subject_key))


def subject_page(*, user, subject: Person | System, request=None) -> list[RightsRequest]:
    """The subject's rights requests, newest first, for the subject page; showing the subject is logged (a read)."""
    record_access(actor=user, action=Action.READ, obj=subject, request=request)
    return rights_requests_of(subject)


@dataclass
class SubjectRetention:
    """How long the house keeps the subject (`retention.due.subject_due`: None when it is not due as things stand,
    e.g. open work) and the item on an open destruction list that proposes to destroy it, if any."""

    due: Due | None
    listed: DestructionItem | None


def subject_retention(subject: Person | System) -> SubjectRetention:
    if subject.destroyed_on is not None:
        return SubjectRetention(None, None)
    person, system = (subject, None) if isinstance(subject, Person) else (None, subject)
    listed = (DestructionItem.objects.filter(person=person, system=system, result=Result.NONE,
                                             destruction_list__closed_at__isnull=True)
              .select_related("destruction_list").order_by("-destruction_list__created_at", "-id").first())
    return SubjectRetention(subject_due(person=person, system=system), listed)


def inzage_made_today(rights_requests: list[RightsRequest]) -> RightsRequest | None:
    """The latest inzage request recorded today among `rights_requests` (one subject's), if any."""
    today = timezone.localdate()
    made = [item for item in rights_requests
            if item.kind == RightsRequestKind.INZAGE and timezone.localtime(item.recorded_at).date() == today]
    return max(made, key=lambda item: (item.recorded_at, item.pk), default=None)


def rights_requests_of(subject: Person | System) -> list[RightsRequest]:
    own = Q(person=subject) if isinstance(subject, Person) else Q(system=subject)
    return list(RightsRequest.objects.filter(own).select_related("recorded_by").order_by("-received_on", "-id"))


def rights_request_of(*, user, subject: Person | System, pk: int, kind: str | None = None) -> RightsRequest | None:
    """One rights request of `subject` (of `kind`, when given), for the privacy officer; None otherwise."""
    if not may(user, ANSWER_SUBJECT_RIGHTS):
        return None
    own = Q(person=subject) if isinstance(subject, Person) else Q(system=subject)
    requests = RightsRequest.objects.filter(own, pk=pk)
    if kind is not None:
        requests = requests.filter(kind=kind)
    return requests.first()


def inzage_for(*, user, subject: Person | System, inzage: RightsRequest, request=None) -> dict:
    """The inzage document answering `inzage` (an inzage request of `subject`), logged as an export first (so the
    document's own access log shows it) for every subject whose data it holds (`subjects_in_document`). Only for the privacy officer (the caller found `inzage` through
    `rights_request_of`)."""
    if not may(user, ANSWER_SUBJECT_RIGHTS) or inzage.kind != RightsRequestKind.INZAGE:
        raise ValueError("inzage_for: not an inzage request of a privacy officer")
    # Every subject whose data is in it (the household and its members too), so that their own access history
    # shows that it left the house.
    record_accesses(actor=user, action=Action.EXPORT,
                    targets=[AccessTarget(obj=shown) for shown in subjects_in_document(subject)], request=request)
    document = inzage_document(subject, produced_by=user)
    document["document"]["request_received_on"] = inzage.received_on.isoformat()
    return document
