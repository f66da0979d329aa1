"""The intake queue and the triage of a registration, for procesregisseurs at the registration's approach.

Everyone else gets 404 (`can(user, TRIAGE, registration)`); the services check again.
"""

from functools import partial

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from procesregie.access.capabilities import TRIAGE_QUEUE, may
from procesregie.access.rules import VIEW, can
from procesregie.casework import selectors, services
from procesregie.casework.forms import ACCEPT, TriageForm
from procesregie.casework.forms.widgets import SELECT
from procesregie.casework.models import RegistrationStatus
from procesregie.core.forms import IdChoiceField
from procesregie.core.service_calls import call_service


class IntakeFilterForm(forms.Form):
    approach = IdChoiceField(
        label=gettext_lazy("Aanpak"), queryset=None, to_field_name="code", required=False,
        empty_label=gettext_lazy("Al mijn aanpakken"), widget=forms.Select(attrs={"class": SELECT}),
    )

    sort = forms.ChoiceField(
        label=gettext_lazy("Volgorde"), required=False, widget=forms.Select(attrs={"class": SELECT}),
        choices=[(selectors.LONGEST_WAITING, gettext_lazy("Langst wachtend eerst")),
                 (selectors.SHORTEST_WAITING, gettext_lazy("Kortst wachtend eerst"))],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approach"].queryset = selectors.triage_approaches(user)

    def chosen_approach(self):
        return self.cleaned_data.get("approach") if self.is_valid() else None

    def chosen_sort(self) -> str:
        self.is_valid()
        return self.cleaned_data.get("sort") or selectors.LONGEST_WAITING


@require_safe
def intake(request):
    if not may(request.user, TRIAGE_QUEUE):
        raise Http404
    form = IntakeFilterForm(request.GET, user=request.user)
    sort = form.chosen_sort()
    groups = selectors.intake_queue(user=request.user, request=request, approach=form.chosen_approach(), sort=sort)
    return render(request, "casework/intake.html", {
        "form": form, "groups": groups, "longest_first": sort == selectors.LONGEST_WAITING,
    })


@require_http_methods(["GET", "HEAD", "POST"])
def triage(request, pk: int):
    posted = request.method == "POST"
    registration = selectors.registration_for_triage(
        user=request.user, registration_id=pk, request=request, log_read=not posted
    )
    if registration.status != RegistrationStatus.PENDING:
        if not posted:
            messages.info(request, _("Over deze aanmelding is al besloten."))
            return redirect("casework:registration-detail", registration.pk)
    form = TriageForm(request.POST if posted else None, registration=registration, user=request.user)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["decision"] == ACCEPT:
            decide = partial(services.registration_accept, table=data["table"], procesregisseur=data["procesregisseur"],
                             case_holder=data["case_holder"], participants=data["participants"])
        else:
            decide = partial(services.registration_decline, reason=data["advice"])
        case, refusal = call_service(lambda: decide(
            actor=request.user, registration=registration, decided_on=data["decided_on"], criteria=form.criteria(),
            request=request,
        ), form=form)
        if refusal is None:
            if data["decision"] == ACCEPT:
                messages.success(request, _("De aanmelding is geaccepteerd; de casus is gestart."))
                if can(request.user, VIEW, case):
                    return redirect("casework:case-detail", case.pk)
            else:
                messages.success(request, _("De aanmelding is afgewezen; de meldende organisatie ziet uw advies."))
            return redirect("casework:intake")
    if posted:
        selectors.log_registration_read(user=request.user, registration=registration, request=request)
    earlier = selectors.earlier_registrations(user=request.user, registration=registration)
    return render(request, "casework/triage.html", {"registration": registration, "form": form, "earlier": earlier})
