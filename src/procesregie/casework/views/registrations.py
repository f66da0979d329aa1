"""Registering a person or a system (aanmelding), and reading one's own registrations.

Ketenpartners and procesregisseurs register on behalf of their own organisation; others get 404. A person
who is already known is reported as "Deze persoon is al bekend" and nothing else; the user confirms to
attach the registration to that person.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from procesregie.access.capabilities import REGISTER, may
from procesregie.access.rules import TRIAGE, can
from procesregie.casework import selectors, services
from procesregie.casework.forms import MemberFormSet, PersonRegistrationForm, SystemRegistrationForm
from procesregie.casework.models import RegistrationStatus
from procesregie.core.service_calls import call_service
from procesregie.subjects.rights import rights_notices


def _require_registrar(request) -> None:
    if not may(request.user, REGISTER):
        raise Http404


def _contact_initial(request) -> dict:
    """The user who registers is the first guess for the contact person."""
    user = request.user
    return {"contact_name": user.get_full_name(), "contact_email": user.email}


def _submitted(request, submission):
    if submission.known:
        messages.success(request, _("Uw aanmelding is verzonden en gekoppeld aan de persoon die al bekend was."))
    else:
        messages.success(request, _("Uw aanmelding is verzonden. Een procesregisseur beoordeelt haar in de triage."))
    return redirect("casework:registration-detail", submission.registration.pk)


def _submit(request, form, **subject):
    """Call the service; None when the form must be shown again (errors or known persons on the form)."""
    submission, refusal = call_service(lambda: services.registration_submit(
        actor=request.user, approach=form.cleaned_data["approach"], municipality=form.cleaned_data["municipality"],
        reason=form.cleaned_data["reason"], attach_known=form.cleaned_data["confirm_known"],
        urgency=form.cleaned_data["urgency"], contact=form.contact(), request=request,
        **subject,
    ))
    if refusal is not None and isinstance(refusal.error, services.KnownPersons):
        form.known_positions = refusal.error.positions  # shown as the question, not as an error
    elif refusal is not None:
        form.add_error(None, refusal.message)
    return submission


@require_http_methods(["GET", "HEAD", "POST"])
def registration_create_person(request):
    _require_registrar(request)
    form = PersonRegistrationForm(request.POST if request.method == "POST" else None, initial=_contact_initial(request))
    form.known_positions = ()
    if form.is_bound and form.is_valid():
        submission = _submit(request, form, person=form.person_details())
        if submission is not None:
            return _submitted(request, submission)
    return render(request, "casework/registration_person.html", {"form": form, "known": bool(form.known_positions)})


@require_http_methods(["GET", "HEAD", "POST"])
def registration_create_system(request):
    _require_registrar(request)
    data = request.POST if request.method == "POST" else None
    form, members = SystemRegistrationForm(data, initial=_contact_initial(request)), MemberFormSet(data, prefix="lid")
    form.known_positions = ()
    if form.is_bound and form.is_valid() and members.is_valid():
        submission = _submit(request, form, system=form.system_details(members))
        if submission is not None:
            return _submitted(request, submission)
    filled = members.filled_forms() if members.is_bound and not members.non_form_errors() else []
    known_rows = {members.forms.index(filled[i]) for i in form.known_positions if i < len(filled)}
    rows = [(index + 1, member, index in known_rows) for index, member in enumerate(members.forms)]
    return render(request, "casework/registration_system.html", {
        "form": form, "members": members, "member_rows": rows, "known": bool(form.known_positions),
    })


@require_safe
def registration_list(request):
    _require_registrar(request)
    page = selectors.own_registrations_page(user=request.user, request=request, page_number=request.GET.get("page"))
    return render(request, "casework/registration_list.html", {"page": page})


def _members(registration, *, full_view: bool) -> list[dict]:
    """A system's members as the page shows them: as registered, or (full view) as the persons are known."""
    if not registration.system_id:
        return []
    if not full_view:
        return registration.reported_members
    return [{"name": str(m.person), "role": m.role} for m in registration.system.memberships.all()]


@require_safe
def registration_detail(request, pk: int):
    registration = selectors.registration_detail(user=request.user, registration_id=pk, request=request)
    can_triage = can(request.user, TRIAGE, registration)
    # Who sees this registration only because their organisation made it sees what they reported, not the
    # stored data of a person they attached to (see Registration.reported_name).
    full_view = bool(registration.case_visible or can_triage)
    return render(request, "casework/registration_detail.html", {
        "members": _members(registration, full_view=full_view),
        "registration": registration,
        "full_view": full_view,
        "reported_name": registration.reported_name or str(registration.subject),
        "can_triage": can_triage and registration.status == RegistrationStatus.PENDING,
        "rights": rights_notices(registration.subject, user=request.user) if full_view else None,  # corrections, restriction (0019)
    })
