"""The forms of casework: registration, triage and the changes of a case."""

from .case import (
    CloseForm,
    ParticipantAddForm,
    ParticipantRemoveForm,
    RegisseurForm,
    ReopenForm,
    TransferForm,
    VersionedForm,
)
from .registration import MemberFormSet, PersonRegistrationForm, SystemRegistrationForm
from .triage import ACCEPT, DECLINE, TriageForm

__all__ = [
    "ACCEPT",
    "DECLINE",
    "CloseForm",
    "MemberFormSet",
    "ParticipantAddForm",
    "ParticipantRemoveForm",
    "PersonRegistrationForm",
    "RegisseurForm",
    "ReopenForm",
    "SystemRegistrationForm",
    "TransferForm",
    "TriageForm",
    "VersionedForm",
]
