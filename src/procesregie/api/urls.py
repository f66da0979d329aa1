"""/api/v1/: the partner API (docs/decisions/0024). The token endpoint, the OpenAPI document and its reference page,
and the operations of each part (registrations, hit/no-hit, figures)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from .base import NoStore
from .token import ClientCredentialsTokenView

app_name = "api"


class OpenSchema(NoStore, SpectacularAPIView):
    """The OpenAPI document: open to all (it holds no data), as is its reference page. Not cached either: a logged-in
    browser's answers are never kept, whatever they hold (tests/access/test_response_headers.py)."""

    authentication_classes: list = []
    permission_classes: list = []
    throttle_classes: list = []


class OpenReference(NoStore, SpectacularSwaggerSplitView):
    authentication_classes: list = []
    permission_classes: list = []
    throttle_classes: list = []
    url_name = "api:schema"
    template_name = "api/swagger_ui.html"  # no inline style (CSP), lang="nl"


urlpatterns = [
    path("api/v1/token/", ClientCredentialsTokenView.as_view(), name="token"),
    path("api/v1/schema/", OpenSchema.as_view(), name="schema"),
    path("api/v1/docs/", OpenReference.as_view(), name="docs"),
    path("api/v1/", include("procesregie.api.registrations.urls")),
    path("api/v1/", include("procesregie.api.hitnohit.urls")),
    path("api/v1/", include("procesregie.api.reports.urls")),
]
