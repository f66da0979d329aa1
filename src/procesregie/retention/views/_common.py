"""What the retention views share."""

import functools

from django.http import Http404

from procesregie.core.errors import NotFound


def not_found_as_404(view):
    """A selector's `NotFound` (out of scope, or it does not exist) answers 404, like everywhere else."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404 from None

    return wrapped
