"""The case list, and casework's panels of the case page (the page itself is composed in `casepage`)."""

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from procesregie.casework import selectors
from procesregie.casework.forms import ParticipantAddForm
from procesregie.casework.models import CaseStatus
from procesregie.core.forms import IdChoiceField
from procesregie.reference.models import Approach

CASES_PER_PAGE = 50


class CaseFilterForm(forms.Form):
    """The filters of the case list (GET). An invalid value is reported on the form and otherwise ignored."""

    approach = IdChoiceField(
        label=_("Aanpak"),
        queryset=Approach.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("Alle aanpakken"),
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Alle statussen")), *CaseStatus.choices],
        required=False,
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )

    def filters(self) -> dict:
        """The valid filter values; fields with errors are left out, so they do not narrow the list."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if name not in self.errors and value}


def mask_bsn(bsn: str | None) -> str:
    """Show only the last three digits of a BSN."""
    if not bsn:
        return ""
    return "•" * (len(bsn) - 3) + bsn[-3:]


@require_safe
def case_list(request):
    form = CaseFilterForm(request.GET)
    page = selectors.case_page(
        user=request.user, request=request, page_number=request.GET.get("page"), per_page=CASES_PER_PAGE, **form.filters()
    )
    return render(request, "casework/case_list.html", {"form": form, "page": page})


def participants_context(case, *, can_change: bool, add_form=None, message: str = "", error: str = "") -> dict:
    """What the participants panel (`_detail_participants.html`) needs; forms only for who may change an open case."""
    panel = selectors.participants_panel(case)
    editable = can_change and case.status == CaseStatus.IN_REGIE
    if not editable and add_form is not None and not error:
        error = " ".join(add_form.non_field_errors())  # the form is not shown (a closed case): say why not here
    context = {"case": case, "panel": panel, "can_change_participants": editable,
               "participants_message": message, "participants_error": error}
    if editable:
        add_form = add_form or ParticipantAddForm(case=case)
        add_form.fields["organisation"].queryset = panel.addable
        context["add_form"] = add_form
    return context


def case_panels_context(case, *, can_change: bool, **participants) -> dict:
    """What casework's panels of the case page need: the subject, the trajectory, the participants."""
    person = case.registration.person
    context = {
        "case": case,
        "person": person,
        "system": case.registration.system,
        "masked_bsn": mask_bsn(person.bsn) if person else "",
        "can_change": can_change,
    }
    context.update(participants_context(case, can_change=can_change, **participants))
    return context
