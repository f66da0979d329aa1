"""Demo only: let the demo partner organisations take part in open cases they registered.

The interchange format has no participants, so an imported demo region has none and a partner's login
would show an empty application. This adds them the way a procesregisseur would: through the service,
checked by the access rule and written to the access log.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from procesregie.accounts.models import User
from procesregie.accounts.roles import Role
from procesregie.casework.models import Case, CaseStatus
from procesregie.casework.services import participant_add
from procesregie.core.errors import DomainError

CASES_PER_ORGANISATION = 20


class Command(BaseCommand):
    help = "Demo only: add the demo partners' organisations as participants to open cases they registered."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("demo-participants is for demo installations only.")
        regisseur = User.objects.filter(roles__role=Role.PROCESREGISSEUR, tables__isnull=False).distinct().first()
        if regisseur is None:
            raise CommandError("No procesregisseur at any table: run `procesregie demo-users` first.")
        partners = User.objects.filter(roles__role=Role.KETENPARTNER, organisation__isnull=False)
        added = 0
        for organisation_id in partners.values_list("organisation", flat=True).distinct():
            cases = Case.objects.filter(status=CaseStatus.IN_REGIE, registration__reported_by_id=organisation_id)
            for case in cases.exclude(participations__organisation_id=organisation_id).order_by("id")[:CASES_PER_ORGANISATION]:
                try:
                    participant_add(actor=regisseur, case=case, organisation=case.registration.reported_by)
                except DomainError as refusal:  # e.g. the regisseur does not direct this case
                    self.stderr.write(f"{case}: {refusal}")
                    continue
                added += 1
        self.stdout.write(f"{added} deelnames toegevoegd voor de demopartners.")
