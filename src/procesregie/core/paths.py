"""The paths of our pages, reversed once per process: the same view name and arguments give the same path.

The URLconf does not change while the server runs, yet Django's `reverse()` walks it again for every link (the
resolver's tables for the active language, the script prefix, a regular expression that checks the arguments):
60–100 µs a link on the 2-CPU server of the load benchmark (docs/decisions/0009), and a work list has some fifty.
`path_to` keeps the last 4,096 paths, keyed by all that `reverse()` reads: view name, arguments, current app, script
prefix, URLconf and language. It raises NoReverseMatch as `reverse()` does (nothing is kept then).
"""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language


@functools.lru_cache(maxsize=4096)
def _path(view_name: str, args: tuple, kwargs: tuple, current_app: str | None, script_prefix: str,
          urlconf: str | None, root_urlconf: str, language: str | None) -> str:
    return reverse(view_name, urlconf=urlconf, args=args, kwargs=dict(kwargs), current_app=current_app)


def path_to(view_name: str, args=(), kwargs=None, current_app: str | None = None) -> str:
    """`reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)`, kept. The arguments must be
    hashable (numbers and text are)."""
    return _path(view_name, tuple(args), tuple(sorted((kwargs or {}).items())), current_app, get_script_prefix(),
                 get_urlconf(), settings.ROOT_URLCONF, get_language())
