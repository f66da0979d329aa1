"""Casework's panels of the case page (the page itself is composed in `casepage`)."""

from procesregie.casework import lifecycle, selectors


def mask_bsn(bsn: str | None) -> str:
    """Show only the last three digits of a BSN."""
    if not bsn:
        return ""
    return "•" * (len(bsn) - 3) + bsn[-3:]


def participants_context(case, *, can_change: bool, add_form=None, message: str = "", error: str = "") -> dict:
    """What the participants panel (`_detail_participants.html`) needs; forms only for who may change an open case.
    `add_form`: the add form to show in the section (empty when fetched, or with its errors); without one the section
    folds it away, fetched when opened (`views.participant_add`)."""
    panel = selectors.participants_panel(case)
    editable = can_change and lifecycle.accepts_changes(case)
    if not editable and add_form is not None and not error:
        error = " ".join(add_form.non_field_errors())  # the form is not shown (a closed case): say why not here
    context = {"case": case, "panel": panel, "can_change_participants": editable,
               "participants_message": message, "participants_error": error}
    if editable and add_form is not None:  # otherwise the section offers a fold that fetches the form when opened
        add_form.fields["organisation"].queryset = panel.addable
        context["add_form"] = add_form
    return context


def case_panels_context(case, *, can_change: bool, may_reopen: bool = False, **participants) -> dict:
    """What casework's panels of the case page need: the subject, the trajectory, the participants.
    `may_reopen`: `can(user, REOPEN, case)` (asked by the caller for a closed case)."""
    person = case.registration.person
    context = {
        "case": case,
        "person": person,
        "system": case.registration.system,
        "masked_bsn": mask_bsn(person.bsn) if person else "",
        "can_change": can_change,
        "case_open": lifecycle.accepts_changes(case),  # anything but reading (and reopening) is offered
    }
    context.update(participants_context(case, can_change=can_change, **participants))
    if can_change and lifecycle.accepts_changes(case):
        context["offer_regisseur"] = True  # a fold that fetches the form when opened (views.case_regisseur)
    elif may_reopen and not lifecycle.accepts_changes(case):
        # Who may reopen it (access.case_changes) is offered reopening when the lifecycle allows, else told why not.
        context["reopen_refusal"] = lifecycle.reopen_refusal(case)
        context["can_reopen"] = context["reopen_refusal"] is None
    return context
