"""Extending one subject's retention, and the privacy officer's overview of extensions (repeated ones flagged).

Reached from the case page and the registration page (the procesregisseur) and from the privacy officer's subject
page. Out of scope: 404. Saved: back to the same page, with the new date."""

import uuid

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from procesregie.accounts.middleware import safe_next
from procesregie.audit.models import Action
from procesregie.core.service_calls import call_service
from procesregie.subjects.models import Person

from .. import selectors
from ..forms import ExtensionForm
from ..services.extending import retention_extend
from ._common import not_found_as_404


@require_http_methods(["GET", "HEAD", "POST"])
@not_found_as_404
def extend(request, subject_key: uuid.UUID):
    view = selectors.subject_to_extend(user=request.user, subject_key=subject_key, request=request,
                                       action=Action.UPDATE if request.method == "POST" else Action.READ)
    subject = view.subject
    here = request.path
    # Where the user came from (the case, the registration, the privacy officer's subject page): a `next` that is a
    # path on this site, else the referring page on this site; never this page itself, never another site.
    back = safe_next(request, request.POST.get("extension-next") if request.method == "POST"
                     else request.GET.get("next") or request.headers.get("referer"))
    if back and back.split("?")[0].split("#")[0] == here:
        back = None
    form = ExtensionForm(request.POST if request.method == "POST" else None, initial={"next": back or ""})
    if request.method == "POST" and form.is_valid():
        target = {"person": subject} if isinstance(subject, Person) else {"system": subject}
        _extension, refusal = call_service(lambda: retention_extend(
            actor=request.user, until=form.cleaned_data["until"], reason=form.cleaned_data["reason"],
            request=request, **target,
        ), form=form)
        if refusal is None:
            messages.success(request, _("De bewaartermijn is verlengd."))
            if back:
                return HttpResponseRedirect(back)
            return redirect("retention:extend", subject_key=subject_key)
    selectors.log_subject_read(user=request.user, subject=subject, request=request)
    return render(request, "retention/extension.html", {"view": view, "form": form, "back": back,
                                                         "repeated": len(view.extensions) >= selectors.REPEATED})


@require_safe
@not_found_as_404
def extension_list(request):
    rows = selectors.extensions_overview(user=request.user, request=request)
    return render(request, "retention/extension_list.html", {
        "rows": rows, "repeated": sum(1 for row in rows if row.repeated),
    })
