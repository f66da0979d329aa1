"""The real URLconf plus one API view that requires `registrations:read`, for the koppelingen tests: whether a token
still works is seen in a real API call (authentication, scope, rate limit), whatever operations exist."""

from django.urls import include, path
from rest_framework.response import Response

from procesregie.accounts.models import ApiScope
from procesregie.api.base import ApiView
from procesregie.config.urls import urlpatterns as real


class Probe(ApiView):
    required_scope = ApiScope.REGISTRATIONS_READ

    def get(self, request):
        return Response({"client": request.user.username})


# In the namespace `api`, as every API route: the login middleware leaves its requests to the API's authentication.
urlpatterns = [*real, path("", include(([path("api/v1/manage-probe/", Probe.as_view(), name="manage-probe")], "api"),
                                   namespace="api"))]
