"""`procesregie demo-shielding`: the demo's WGS participants who see less get a case (docs/decisions/0020).

After `demo-agenda`: the first case on the next coming meeting of a table the demo procesregisseur directs gets the
private partner (Altrecht GGZ) as a participant, and the incidental one (buurtbemiddeling) as a participant until
two weeks after that meeting, invited to that agenda item. Through the services, in the regisseur's name.
Idempotent: what is there already is left as it is.
"""

import datetime

from django.utils import timezone

from procesregie.accounts.models import Organisation, User
from procesregie.casework.lifecycle import accepting_changes
from procesregie.casework.models import Participation
from procesregie.casework.services import participant_add
from procesregie.meetings.models import AgendaItem
from procesregie.meetings.services import agenda_item_invite

from .personas import INCIDENTAL_ORGANISATION

PRIVATE_ORGANISATION = "altrecht"
REGISSEUR = "procesregisseur.zvh"
INVITED_FOR = datetime.timedelta(days=14)


def give_cases(*, today: datetime.date | None = None) -> str:
    """What was done, in one line without personal data."""
    today = today or timezone.localdate()
    regisseur = User.objects.filter(username=REGISSEUR, is_active=True).first()
    if regisseur is None:
        return "geen demo-procesregisseur: eerst demo-users"
    item = (
        AgendaItem.objects.filter(accepting_changes("case"), meeting__table__procesregisseurs=regisseur,
                                  meeting__date__gte=today)
        .select_related("meeting", "case").order_by("meeting__date", "meeting_id", "position").first()
    )
    if item is None:
        return "geen komend agendapunt: eerst demo-agenda"
    private = Organisation.objects.get(code=PRIVATE_ORGANISATION)
    incidental = Organisation.objects.get(code=INCIDENTAL_ORGANISATION[0])
    active = Participation.objects.active().filter(case=item.case)
    if not active.filter(organisation=private).exists():
        participant_add(actor=regisseur, case=item.case, organisation=private)
    if not active.filter(organisation=incidental).exists():
        until = max(item.meeting.date, timezone.localdate()) + INVITED_FOR  # a participation never ends in the past
        participant_add(actor=regisseur, case=item.case, organisation=incidental, until=until)
    agenda_item_invite(actor=regisseur, item=item, organisation=incidental)
    return f"casus {item.case.registration.ref}: {private.name} en {incidental.name} (uitgenodigd voor {item.meeting.ref})"
