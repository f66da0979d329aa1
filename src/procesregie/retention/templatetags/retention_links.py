"""`{% extend_retention_link subject %}`: "Bewaartermijn verlengen" on a page that shows `subject` in full (the case
page, the registration page), for whoever may extend its retention.

The tag lives here, above casework and the case page, so that they know nothing of retention. It asks
`access.retention.extends_shown_subject`, which decides without a query: the page already showed the subject in full.
The extension page itself checks the subject again (404 for anyone else).
"""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from procesregie.access.retention import extends_shown_subject

register = template.Library()


@register.simple_tag(takes_context=True)
def extend_retention_link(context, subject):
    request = context.get("request")
    if request is None or subject is None or subject.destroyed_on or not extends_shown_subject(request.user):
        return ""
    return format_html(
        '<p class="utrecht-paragraph" data-testid="extend-retention"><a class="utrecht-link utrecht-link--html-a" '
        'href="{}">{}</a></p>', reverse("retention:extend", args=[subject.subject_key]), _("Bewaartermijn verlengen"),
    )
