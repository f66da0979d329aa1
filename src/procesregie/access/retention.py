"""Retention: who may extend which data subject's retention, and who reads the extensions.

- **Extend** one subject's retention: the privacy officer for any subject that is not destroyed; a procesregisseur
  for the subjects (a person, or a system) of the registrations they see in full: those with a case they see, and
  those of the approaches they triage (as `access.cases.persons_shown_to`, but the subject itself, not the members
  of a system: a member goes with its system). Anyone else: not found (404).
- **Read the extensions** of the whole house (the overview with repeated extensions flagged): the privacy officer.
The policy page asks `access.capabilities` (SEE_RETENTION, EDIT_RETENTION_POLICY).
"""

from django.db.models import Q, QuerySet

from .cases import cases_visible_to, model, registrations_visible_to, triage_approaches
from .users import is_privacy_officer, is_regisseur


def _registrations_in_full(user) -> QuerySet:
    return registrations_visible_to(user).filter(
        Q(case__in=cases_visible_to(user).values("pk")) | Q(approach__in=triage_approaches(user).values("pk"))
    )


def persons_extendable_by(user) -> QuerySet:
    persons = model("subjects.Person").objects.filter(destroyed_on__isnull=True)
    if is_privacy_officer(user):
        return persons
    if is_regisseur(user):
        return persons.filter(pk__in=_registrations_in_full(user).filter(person__isnull=False).values("person"))
    return persons.none()


def systems_extendable_by(user) -> QuerySet:
    systems = model("subjects.System").objects.filter(destroyed_on__isnull=True)
    if is_privacy_officer(user):
        return systems
    if is_regisseur(user):
        return systems.filter(pk__in=_registrations_in_full(user).filter(system__isnull=False).values("system"))
    return systems.none()


def may_extend(user, subject) -> bool:
    """May `user` extend the retention of `subject` (a Person or a System)?"""
    if subject is None or subject.pk is None:
        return False
    queryset = persons_extendable_by(user) if subject._meta.model_name == "person" else systems_extendable_by(user)
    return queryset.filter(pk=subject.pk).exists()


def extends_shown_subject(user) -> bool:
    """On a page that shows a subject in full (the case page, the registration page in full): may `user` extend its
    retention? A procesregisseur who is shown the subject in full has it among `persons/systems_extendable_by`;
    a partner does not. Decides without a query (the menu-like link); the extension page checks the subject itself."""
    return is_regisseur(user) or is_privacy_officer(user)


def sees_extensions(user) -> bool:
    """The overview of every extension in the house (with the subjects' names): the privacy officer."""
    return is_privacy_officer(user)
