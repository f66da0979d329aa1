"""Lists of the API: `?page=` and `?page_size=` (at most 100), answered as `{count, next, previous, results}`."""

from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import PageNumberPagination


class PageNumbers(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
    # In Dutch, as the rest of the OpenAPI document and the problems (REST framework's own are English here).
    page_query_description = "Het nummer van de pagina (vanaf 1)."
    page_size_query_description = "Het aantal per pagina: standaard 25, ten hoogste 100."
    invalid_page_message = _("Deze pagina bestaat niet.")
