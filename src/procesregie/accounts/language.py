"""The interface language: Dutch, unless the user chose English with the switch in the page header.

The choice is a cookie (`settings.LANGUAGE_COOKIE_NAME`), set by `choose_language` and read by
`ChosenLanguageMiddleware`, so it works on the login pages too and lasts per browser. The browser's
Accept-Language is deliberately not followed: the house works in Dutch, and a colleague whose browser happens
to be set to English should see what the others see unless they ask for English themselves.

Only the interface is translated. Data (names, reasons, notes) and reference data (approaches, life domains,
interventions) are shown as registered; the annual report's JSON and CSV keep the keys of the spec.
"""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from procesregie.accounts.middleware import safe_next

LANGUAGE_COOKIE_MAX_AGE = 365 * 24 * 3600


def available_languages() -> dict[str, str]:
    return dict(settings.LANGUAGES)


def chosen_language(request) -> str:
    """The language in the cookie when it is one we offer, otherwise the default (Dutch)."""
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return language if language in available_languages() else settings.LANGUAGE_CODE


class ChosenLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


@require_POST
def choose_language(request):
    """Switch the interface language and go back to the page the switch was on (a page of this site)."""
    back = safe_next(request, request.POST.get("next")) or resolve_url(settings.LOGIN_REDIRECT_URL)
    response = HttpResponseRedirect(back)  # a path, never redirect(): that takes a word for a view name
    language = request.POST.get("language", "")
    if language not in available_languages():
        messages.error(request, _("Deze taal is niet beschikbaar."))
        return response
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=LANGUAGE_COOKIE_MAX_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
