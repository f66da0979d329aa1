"""What the retention pages read: the policy with its change history, one subject to extend, the extensions.

Scoped through `access`: the policy page for SEE_RETENTION, a subject only when `access.retention` lets the user
extend it, the overview of extensions for the privacy officer. Anything else: `NotFound` (404); a subject refused
is logged as a denied access without a subject. Showing a subject (its name, its extensions) is a read of it, logged.
"""

import uuid
from dataclasses import dataclass

from django.utils.translation import gettext as _

from procesregie.access.capabilities import SEE_RETENTION, may
from procesregie.access.retention import persons_extendable_by, sees_extensions, systems_extendable_by
from procesregie.audit.models import Action, Outcome
from procesregie.audit.services import AccessTarget, record_access, record_accesses
from procesregie.core.errors import NotFound
from procesregie.reference.models import Approach
from procesregie.subjects.models import Person, System

from .defaults import DEFAULTS
from .due import Due, subject_due
from .models import RetentionExtension, RetentionRuleChange
from .policy import Policy, policy_in_force

HISTORY_LENGTH = 50
REPEATED = 2  # this many extensions of one subject or more are flagged


@dataclass
class PolicyView:
    policy: Policy
    why: dict  # phase -> the default's one-line reason (docs/retention.md)
    changes: list  # each with `approach_name`
    approach_rows: list = None  # [(rule, approach name)] for the approaches' own rules


def policy_page(*, user) -> PolicyView:
    if not may(user, SEE_RETENTION):
        raise NotFound
    changes = list(RetentionRuleChange.objects.select_related("changed_by")[:HISTORY_LENGTH])
    policy = policy_in_force()
    names = dict(Approach.objects.values_list("code", "name"))  # reference data: one query, names instead of codes
    for change in changes:
        change.approach_name = names.get(change.approach_code, change.approach_code)
    rows = [(rule, names.get(rule.approach_code, rule.approach_code)) for rule in policy.approach_rules()]
    return PolicyView(policy, {rule.phase: rule.why for rule in DEFAULTS}, changes, rows)


@dataclass
class SubjectView:
    subject: Person | System
    due: Due | None
    extensions: list


def subject_to_extend(*, user, subject_key: uuid.UUID, action: str = Action.READ, request=None) -> SubjectView:
    """The subject with `subject_key` if `user` may extend its retention, else NotFound, logged as a denied `action`
    (a POST: an update) without a subject: the user is not told whether it exists, and an attempt does not enter
    anyone's history. Log what a page shows of it with `log_subject_read`."""
    subject = (persons_extendable_by(user).filter(subject_key=subject_key).first()
               or systems_extendable_by(user).filter(subject_key=subject_key).first())
    if subject is None:
        record_access(actor=user, action=action, obj=RetentionExtension, outcome=Outcome.DENIED, request=request)
        raise NotFound(_("Deze betrokkene bestaat niet of u mag de bewaartermijn niet verlengen."))
    person, system = (subject, None) if isinstance(subject, Person) else (None, subject)
    extensions = list(RetentionExtension.objects.filter(person=person, system=system).select_related("extended_by"))
    return SubjectView(subject, subject_due(person=person, system=system), extensions)


def log_subject_read(*, user, subject, request=None) -> None:
    record_access(actor=user, action=Action.READ, obj=subject, request=request)


@dataclass
class ExtendedSubject:
    subject: Person | System
    count: int
    extensions: list

    @property
    def repeated(self) -> bool:
        return self.count >= REPEATED

    @property
    def until(self):
        return max(extension.until for extension in self.extensions)


def extensions_overview(*, user, request=None) -> list[ExtendedSubject]:
    """Every subject with an extension, the repeatedly extended first, then the latest date; logged per subject."""
    if not sees_extensions(user):
        raise NotFound
    extensions = list(RetentionExtension.objects.filter(
        person__destroyed_on__isnull=True, system__destroyed_on__isnull=True,
    ).select_related("person", "system", "extended_by").order_by("extended_at", "id"))
    grouped: dict[tuple, ExtendedSubject] = {}
    for extension in extensions:
        subject = extension.person or extension.system
        key = (type(subject).__name__, subject.pk)
        entry = grouped.setdefault(key, ExtendedSubject(subject, 0, []))
        entry.count += 1
        entry.extensions.append(extension)
    rows = sorted(grouped.values(), key=lambda row: (not row.repeated, row.until))
    if rows:
        record_accesses(actor=user, action=Action.READ, targets=[AccessTarget(obj=row.subject) for row in rows],
                        request=request)
    else:
        record_access(actor=user, action=Action.READ, obj=RetentionExtension, request=request)
    return rows

