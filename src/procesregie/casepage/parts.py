"""The parts of the case page that fold open and shut (`<details>`, no script needed), each with a one-line summary
that says what is inside, so a long case reads from its summaries down.

A part is open by default when it is where the work goes on (plan, measurements, timeline) or when it is short;
the registration folds shut once the case has run a while, participants and discussions once there are many.
Everything comes from the case as the case page read it (prefetched): no queries.

Another app that adds a section to the case page can give it a part here and wrap its include in
`casepage/_part.html` (see case_page.html), or include it as it is.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MANY = 5  # more participants or discussions than this: the part starts folded
RECENT_DAYS = 90  # the registration stays open for this long after the start of the case


@dataclass(frozen=True)
class CasePart:
    key: str  # the id of the <details> ("deel-besprekingen")
    title: str
    summary: str
    open: bool
    anchor: str  # the id of the section's heading inside: a link to it opens the folded part (the browser does)


def _part(key, title, summary, is_open, anchor) -> CasePart:
    return CasePart(key=f"deel-{key}", title=title, summary=summary, open=is_open, anchor=anchor)


def case_parts(page, *, participants_panel, today: datetime.date | None = None) -> dict[str, CasePart]:
    """The parts of `page` (a `casepage.selectors.CasePage`), by name, for the template."""
    case = page.case
    today = today or timezone.localdate()
    registration = case.registration
    started = case.start_date or registration.registered_on
    active, former = len(participants_panel.active), len(participants_panel.former)
    discussions = list(case.discussions.all())
    goals = sum(len(group.goals) for group in page.plan.goal_groups)
    interventions = len(page.plan.interventions)
    moments = len(page.measurement_panel.grid.columns)
    events = page.timeline_page.total

    participants = ngettext("%(count)d organisatie neemt deel", "%(count)d organisaties nemen deel", active) % {
        "count": active}
    if former:
        participants += ", " + ngettext("%(count)d eerder", "%(count)d eerder", former) % {"count": former}
    if discussions:
        latest = max(discussion.date for discussion in discussions)
        discussed = ngettext("%(count)d keer besproken, het laatst op %(date)s",
                             "%(count)d keer besproken, het laatst op %(date)s", len(discussions)) % {
            "count": len(discussions), "date": date_format(latest)}
    else:
        discussed = _("nog niet besproken")
    plan = ngettext("%(count)d doel", "%(count)d doelen", goals) % {"count": goals} + ", " + ngettext(
        "%(count)d interventie", "%(count)d interventies", interventions) % {"count": interventions}
    return {
        "registration": _part("aanmelding", _("Aanmelding en triage"),
                              _("aangemeld op %(date)s") % {"date": date_format(registration.registered_on)},
                              (today - started).days <= RECENT_DAYS, "registration-heading"),
        "participants": _part("deelnemers", _("Deelnemers"), participants, active + former <= MANY,
                              "participants-heading"),
        "discussions": _part("besprekingen", _("Besprekingen"), discussed, len(discussions) <= MANY,
                             "discussions-heading"),
        "plan": _part("plan", _("Plan van aanpak"), plan, True, "plan-heading"),
        "measurements": _part("metingen", _("Metingen"),
                              ngettext("%(count)d meetmoment", "%(count)d meetmomenten", moments) % {"count": moments},
                              True, "measurements-heading"),
        "timeline": _part("tijdlijn", _("Tijdlijn"),
                          ngettext("%(count)d gebeurtenis", "%(count)d gebeurtenissen", events) % {"count": events},
                          True, "timeline-heading"),
    }
