"""Lists of the API: `?page=` and `?page_size=` (at most 100), answered as `{count, next, previous, results}`."""

from rest_framework.pagination import PageNumberPagination


class PageNumbers(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
