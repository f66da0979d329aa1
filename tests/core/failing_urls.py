"""The site's URLs plus one page that fails, for the 500 page (`@pytest.mark.urls`)."""

from django.urls import include, path

SECRET = "interne-fout-4711"  # in the exception only: the 500 page must not show it


def failing_page(request):
    raise RuntimeError(f"a bug that names {SECRET}")


urlpatterns = [
    path("kapot/", failing_page),
    path("", include("procesregie.config.urls")),
]
