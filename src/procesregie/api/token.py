"""POST /api/v1/token/: the client-credentials grant, and no other (docs/decisions/0024).

django-oauth-toolkit's token endpoint serves every grant oauthlib knows. Ours are API clients that only ever hold
client credentials, and the other grants are ways in that must stay shut: with a client's credentials the password
grant checked a staff member's password (without the second factor: `unauthorized_client` for the right one,
`invalid_grant` for a wrong one), and a device-code request without its `device_code` was a server error. So any other
`grant_type` is answered `unsupported_grant_type` before django-oauth-toolkit reads anything else.
"""

from django.http import JsonResponse
from oauth2_provider.views import TokenView

CLIENT_CREDENTIALS = "client_credentials"


class ClientCredentialsTokenView(TokenView):
    def post(self, request, *args, **kwargs):
        if request.POST.get("grant_type") != CLIENT_CREDENTIALS:
            return _as_token_answer(JsonResponse({"error": "unsupported_grant_type"}, status=400))
        return _as_token_answer(super().post(request, *args, **kwargs))


def _as_token_answer(response):
    """Every answer of a token endpoint is JSON and never cached (RFC 6749, 5.1 and 5.2); an error raised while the
    token is stored (`ClientValidator._save_bearer_token`) comes back from django-oauth-toolkit without those headers."""
    response["Content-Type"] = "application/json"
    response["Cache-Control"] = "no-store"
    response["Pragma"] = "no-cache"
    return response
