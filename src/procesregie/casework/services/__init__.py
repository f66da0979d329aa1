"""Services that write registrations, cases and participations.

Every state change is checked against `casework.lifecycle`; a refused request raises before anything is written.
Every service checks the actor against the access rule itself and writes its access-log entries in its own
transaction. A closed case is reopened (`case_reopen`) within a period after closing; after it, a new
registration (`registration_create`) of the same subject links to it.
"""

from .cases import (
    OpenWorkLeft,
    case_close,
    case_holder_set,
    case_reopen,
    case_transfer,
    participant_add,
    participant_remove,
)
from .regisseur import case_regisseur_set
from .registrations import (
    ContactPerson,
    KnownPersons,
    PersonDetails,
    Submission,
    SystemDetails,
    known_person,
    registration_accept,
    registration_create,
    registration_decline,
    registration_submit,
)

__all__ = [
    "ContactPerson",
    "KnownPersons",
    "OpenWorkLeft",
    "PersonDetails",
    "Submission",
    "SystemDetails",
    "case_close",
    "case_holder_set",
    "case_regisseur_set",
    "case_reopen",
    "case_transfer",
    "known_person",
    "participant_add",
    "participant_remove",
    "registration_accept",
    "registration_create",
    "registration_decline",
    "registration_submit",
]
