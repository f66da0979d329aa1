"""Reading the access log."""

import uuid

from django.db.models import QuerySet

from .models import AccessLogEntry


def entries_for_subject(subject_key: uuid.UUID | str) -> QuerySet[AccessLogEntry]:
    """Every logged access to one data subject, oldest first (for a data subject's access request)."""
    return AccessLogEntry.objects.filter(subject_key=uuid.UUID(str(subject_key))).order_by("sequence")
