"""The screens of casework. Thin: bind a form, select through the access rule, call one service, render."""

from .case_actions import case_close, case_regisseur, case_reopen, case_transfer, participant_add, participant_remove
from .case_list import CaseFilterForm, case_list
from .cases import case_panels_context, mask_bsn
from .registrations import (
    registration_create_person,
    registration_create_system,
    registration_detail,
    registration_list,
)
from .triage import intake, triage

__all__ = [
    "CaseFilterForm",
    "case_close",
    "case_list",
    "case_panels_context",
    "case_regisseur",
    "case_reopen",
    "case_transfer",
    "intake",
    "mask_bsn",
    "participant_add",
    "participant_remove",
    "registration_create_person",
    "registration_create_system",
    "registration_detail",
    "registration_list",
    "triage",
]
