from django.urls import include, path

from procesregie.casepage.urls import urlpatterns as case_page_patterns
from procesregie.casework.urls import urlpatterns as casework_patterns

urlpatterns = [
    path("", include("procesregie.accounts.urls")),
    path("", include("procesregie.invitations.urls")),
    # The cases section: casework's routes and the case page, composed above casework (`casepage`).
    path("", include((casework_patterns + case_page_patterns, "casework"))),
    path("", include("procesregie.meetings.urls")),
    path("", include("procesregie.plans.urls")),
    path("", include("procesregie.monitoring.urls")),
    path("", include("procesregie.reporting.urls")),
    path("", include("procesregie.privacy.urls")),
    path("", include("procesregie.worklists.urls")),
    path("", include("procesregie.reminders.urls")),
    path("", include("procesregie.signals.urls")),
    path("", include("procesregie.escalations.urls")),
    path("", include("procesregie.retention.urls")),
    # The partner API (bearer tokens, never a session) and its clients' pages for the functional administrator.
    path("", include("procesregie.api.urls")),
    path("", include("procesregie.api.manage.urls")),
    path("", include("procesregie.api.review.urls")),  # the privacy officer's view of the clients' hit/no-hit use
]

# A path that names no page, or a request Django refuses (too large): the site's own pages, or under /api/ a problem
# (application/problem+json).
handler404 = "procesregie.api.problems.not_found"
handler400 = "procesregie.api.problems.bad_request_answer"
