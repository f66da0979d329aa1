"""The base of every API view: client authentication, the scope check, the rate limit, no caching.

Subclass `ApiView` (or `ApiGenericView` for lists with pagination and filters) and name the scope:
`required_scope = ApiScope.X`, or per method `required_scopes = {"GET": ..., "POST": ...}`. The view then reads
through selectors and writes through services with `actor=request.user` (the client's service account) and
`request=request`, exactly as a page does, so that every access is logged the same way.
"""

from django.utils.cache import add_never_cache_headers
from rest_framework.generics import GenericAPIView
from rest_framework.views import APIView


class NoStore:
    """Every answer `Cache-Control: no-store`: answers about persons are never kept by a proxy or client cache."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        add_never_cache_headers(response)
        return response


class ApiView(NoStore, APIView):
    pass


class ApiGenericView(NoStore, GenericAPIView):
    pass
