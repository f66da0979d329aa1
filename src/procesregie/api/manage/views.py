"""The functional administrator's koppelingen pages: API clients of partner systems (docs/decisions/0024).

- `client_list`: every client with its organisation, scopes, limits, state and when it was last used.
- `client_create`: a new client; the answer to the POST shows its client_id and secret, once.
- `client_detail`: what a client is and how it connects; its name, scopes and limits can change.
- `client_rotate`: a new secret (after a confirmation), shown once; the old one stops at once.
- `client_revoke`: the client stops at once (after a confirmation); this cannot be undone.

Everyone without `ADMINISTER_API_CLIENTS` gets 404. The views are thin: the services in `procesregie.api.clients`
write and log; the selectors read and log what is shown.

A secret exists only in the answer to the POST that issued it: never in a URL, a redirect, the session or a log,
and that answer is `Cache-Control: no-store`. Reloading it does not issue another (`once`): the form is sent to the
client's page instead, which shows the client_id and never a secret.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_http_methods, require_safe
from oauth2_provider.settings import oauth2_settings

from procesregie.accounts.models import ApiScope
from procesregie.api import clients as services
from procesregie.core.service_calls import call_service

from . import once, selectors
from .forms import ClientCreateForm, ClientSettingsForm, ConfirmForm

get_or_post = require_http_methods(["GET", "HEAD", "POST"])


def _expired(form) -> None:
    form.add_error(None, _("Dit formulier was verlopen of is al verstuurd; er is niets opgeslagen. Controleer de "
                           "gegevens en verstuur het opnieuw."))


def _example_call(request, client) -> str:
    """A call with the token that `client`'s scopes allow (a read where it has one), as a curl command."""
    scopes = set(client.scopes)
    bearer = "curl -H 'Authorization: Bearer TOKEN'"
    if ApiScope.REGISTRATIONS_READ in scopes:
        return f"{bearer} {request.build_absolute_uri(reverse('api:registration-list'))}"
    if ApiScope.REPORTS_READ in scopes:
        last_year = timezone.localdate().year - 1
        return f"{bearer} {request.build_absolute_uri(reverse('api:report-annual', args=[last_year]))}"
    json = "-H 'Content-Type: application/json'"
    if ApiScope.HITNOHIT in scopes:
        question = '{"bsn": "111222333", "doel": "Melding huiselijk geweld: nagaan of er al regie is"}'
        return f"{bearer} {json} -d '{question}' {request.build_absolute_uri(reverse('api:hitnohit'))}"
    return f"{bearer} {json} -d @aanmelding.json {request.build_absolute_uri(reverse('api:registration-list'))}"


def _connection(request, client) -> dict:
    """What a partner system needs to connect: the token URL, a call its scopes allow and the reference."""
    return {
        "token_url": request.build_absolute_uri(reverse("api:token")),
        "example_call": _example_call(request, client),
        "docs_url": reverse("api:docs"),
        "token_minutes": oauth2_settings.ACCESS_TOKEN_EXPIRE_SECONDS // 60,
    }


def _settings(form) -> dict:
    data = form.cleaned_data
    return {"name": data["name"], "scopes": data["scopes"], "rate_per_minute": data["rate_per_minute"],
            "hitnohit_per_day": data["hitnohit_per_day"]}


@sensitive_variables()  # every variable, here and in the frames below (the template's context holds the secret)
def _secret_page(request, issued, *, created: bool):
    context = {"client": issued.client, "client_id": issued.client_id, "secret": issued.secret, "created": created,
               **_connection(request, issued.client)}
    return render(request, "api/manage/secret.html", context)


@require_safe
def client_list(request):
    rows = selectors.client_rows(user=request.user, request=request)
    return render(request, "api/manage/client_list.html", {"rows": rows})


@never_cache
@get_or_post
@sensitive_variables("issued")
def client_create(request):
    selectors.require_administrator(request.user)
    organisations = selectors.organisations_for_clients()
    if request.method != "POST":
        form = ClientCreateForm(organisations=organisations)
        return render(request, "api/manage/client_form.html", {"form": form, "once": once.issue(request)})

    token = once.token_of(request)
    issued_for = once.redeemed_for(request, token)
    if issued_for is not None:  # the secret's page reloaded, or the form sent twice
        messages.info(request, _("Deze koppeling is al aangemaakt. Het geheim is toen één keer getoond en wordt niet "
                                 "opnieuw getoond."))
        return redirect("koppelingen:client-detail", pk=issued_for)
    form = ClientCreateForm(request.POST, organisations=organisations)
    if form.is_valid():
        if not once.redeem(request, token):
            _expired(form)
        else:
            issued, _refusal = call_service(
                lambda: services.client_create(actor=request.user, organisation=form.cleaned_data["organisation"],
                                               request=request, **_settings(form)),
                form=form,
            )
            if issued is not None:
                once.remember(request, token, issued.client.pk)
                return _secret_page(request, issued, created=True)
    return render(request, "api/manage/client_form.html", {"form": form, "once": once.issue(request)})


@get_or_post
def client_detail(request, pk: int):
    if request.method != "POST":
        row = selectors.client_for_admin(user=request.user, client_id=pk, request=request)
        client = row.client
        form = None if client.is_revoked else ClientSettingsForm(initial={
            "name": client.name, "scopes": client.scopes, "rate_per_minute": client.rate_per_minute,
            "hitnohit_per_day": client.hitnohit_per_day,
        })
        return _detail_page(request, row, form)

    row = selectors.client_for_admin(user=request.user, client_id=pk)
    form = ClientSettingsForm(request.POST)
    if form.is_valid():
        updated, _refusal = call_service(
            lambda: services.client_update(actor=request.user, client=row.client, request=request, **_settings(form)),
            form=form,
        )
        if updated is not None:
            messages.success(request, _("De koppeling is opgeslagen."))
            return redirect("koppelingen:client-detail", pk=pk)
    return _detail_page(request, row, form)


def _detail_page(request, row, form):
    context = {"row": row, "client": row.client, "form": form, "scope_labels": row.scope_labels,
               **_connection(request, row.client)}
    return render(request, "api/manage/client_detail.html", context)


@never_cache
@get_or_post
@sensitive_variables("issued")
def client_rotate(request, pk: int):
    row = selectors.client_for_admin(user=request.user, client_id=pk)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        token = once.token_of(request)
        if once.redeemed_for(request, token) is not None:
            messages.info(request, _("Het nieuwe geheim is al gemaakt en één keer getoond; het wordt niet opnieuw "
                                     "getoond. Is het niet bewaard? Maak dan opnieuw een nieuw geheim."))
            return redirect("koppelingen:client-detail", pk=pk)
        if not once.redeem(request, token):
            _expired(form)
        else:
            issued, _refusal = call_service(
                lambda: services.client_rotate(actor=request.user, client=row.client, request=request), form=form
            )
            if issued is not None:
                once.remember(request, token, pk)
                return _secret_page(request, issued, created=False)
    context = {"client": row.client, "form": form, "once": once.issue(request)}
    return render(request, "api/manage/client_rotate.html", context)


@get_or_post
def client_revoke(request, pk: int):
    row = selectors.client_for_admin(user=request.user, client_id=pk)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        revoked, _refusal = call_service(
            lambda: services.client_revoke(actor=request.user, client=row.client, request=request), form=form
        )
        if revoked is not None:
            messages.success(request, _("De koppeling is ingetrokken. Het systeem kan de API niet meer gebruiken."))
            return redirect("koppelingen:client-detail", pk=pk)
    return render(request, "api/manage/client_revoke.html", {"client": row.client, "form": form})
