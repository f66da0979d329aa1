"""`procesregie demo-api-clients`: one API client (koppeling) per demo partner system, registered by the demo
functional administrator, and a regional monitor that reads figures only.

Run after `procesregie demo-users` (the clients are registered by its functional administrator, `beheer.zvh`,
through the same service as the koppelingen pages). Idempotent: a demo client is found by its organisation and
name; each run brings its scopes and limits back to the ones below and gives it a new secret (the old one stops at
once), so the printed secrets and the file always work. Prints each client_id and secret and writes them to
`VAR_DIR/demo-api-clients.json` (mode 0600), with the token URL of the demo server. The first run also asks the
partner systems' hit/no-hit questions (synthetic/demo_hitnohit.py), so the privacy officer meets them. Refuses to run
in production.
"""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from procesregie.accounts.models import ApiClient, ApiScope, Organisation, User
from procesregie.api.clients import client_create, client_rotate, client_update
from procesregie.synthetic.demo_hitnohit import ask_demo_questions
from procesregie.synthetic.management.commands.demo_users import write_private_json

CLIENTS_FILE = "demo-api-clients.json"
DEMO_SERVER = "http://127.0.0.1:8000"  # where `make demo` serves
ADMINISTRATOR = "beheer.zvh"  # the demo functional administrator (synthetic.personas.DEMO_USERS)

WRITE, READ = ApiScope.REGISTRATIONS_WRITE, ApiScope.REGISTRATIONS_READ


@dataclass(frozen=True)
class DemoClient:
    organisation: str  # Organisation.code
    name: str
    scopes: tuple[str, ...]
    rate_per_minute: int = 120
    hitnohit_per_day: int = 200


DEMO_API_CLIENTS = (
    DemoClient("politie-midden-nederland", "Meldsysteem Politie Midden-Nederland (demo)", (WRITE, READ, ApiScope.HITNOHIT)),
    DemoClient("reclassering-nederland", "Cliëntvolgsysteem Reclassering (demo)", (WRITE, READ, ApiScope.HITNOHIT)),
    DemoClient("veilig-thuis", "Registratiesysteem Veilig Thuis Utrecht (demo)", (WRITE, READ, ApiScope.HITNOHIT)),
    DemoClient("gemeente-utrecht", "Zorgregistratie Gemeente Utrecht (demo)", (WRITE, READ, ApiScope.REPORTS_READ)),
    DemoClient("zvhru", "Regionale monitor (demo)", (ApiScope.REPORTS_READ,), rate_per_minute=60),
)


class Command(BaseCommand):
    help = "Create or refresh the demo API clients (one per demo partner system and a regional monitor)."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("demo-api-clients weigert te draaien in productie (PROCESREGIE_ENV=production).")
        administrator = User.objects.filter(username=ADMINISTRATOR, is_active=True).first()
        if administrator is None:
            raise CommandError(f"De demobeheerder {ADMINISTRATOR} ontbreekt. Maak eerst de demologins: "
                               "procesregie demo-users")
        codes = {demo.organisation for demo in DEMO_API_CLIENTS}
        organisations = Organisation.objects.in_bulk(codes, field_name="code")
        missing = sorted(codes - organisations.keys())
        if missing:
            raise CommandError(f"Organisatie(s) ontbreken: {', '.join(missing)}. "
                               "Laad eerst de referentiedata: procesregie load-reference")

        with transaction.atomic():
            issued = [self._provision(demo, organisations[demo.organisation], administrator)
                      for demo in DEMO_API_CLIENTS]

        asked = ask_demo_questions({secret.client.organisation.code: secret.client for secret, _created in issued})

        token_url = DEMO_SERVER + reverse("api:token")
        entries = [{
            "name": secret.client.name, "organisation": secret.client.organisation.code,
            "scopes": list(secret.client.scopes), "rate_per_minute": secret.client.rate_per_minute,
            "hitnohit_per_day": secret.client.hitnohit_per_day,
            "client_id": secret.client_id, "client_secret": secret.secret,
        } for secret, _created in issued]
        path = Path(settings.VAR_DIR) / CLIENTS_FILE
        write_private_json(path, {"token_url": token_url, "clients": entries})

        self.stdout.write("")
        self.stdout.write("Koppelingen (API-clients):")
        for (_issued, created), entry in zip(issued, entries, strict=True):
            status = "nieuw" if created else "nieuw geheim"
            self.stdout.write(f"{status:<13}{entry['name']} · {entry['organisation']} · {' '.join(entry['scopes'])}")
            self.stdout.write(f"{'':<13}client_id: {entry['client_id']}")
            self.stdout.write(f"{'':<13}geheim:    {entry['client_secret']}")
        self.stdout.write(self.style.SUCCESS(
            f"{len(entries)} demokoppelingen. client_id en geheim staan ook in {path} (alleen leesbaar voor de "
            f"eigenaar). Een token: curl -u CLIENT_ID:GEHEIM -d grant_type=client_credentials {token_url}"
        ))
        if asked.questions:
            self.stdout.write(
                f"{asked.questions} hit/no-hit-vragen gesteld ({asked.hits} hit), waarvan {asked.bulk} bij een controle "
                "van het hele cliëntenbestand: die koppeling valt op bij de privacyfunctionaris."
            )

    def _provision(self, demo: DemoClient, organisation: Organisation, administrator):
        settings_ = {"name": demo.name, "scopes": list(demo.scopes), "rate_per_minute": demo.rate_per_minute,
                     "hitnohit_per_day": demo.hitnohit_per_day}
        existing = ApiClient.objects.filter(user__organisation=organisation, name=demo.name,
                                            revoked_at__isnull=True).order_by("pk").first()
        if existing is None:
            return client_create(actor=administrator, organisation=organisation, **settings_), True
        client_update(actor=administrator, client=existing, **settings_)
        return client_rotate(actor=administrator, client=existing), False
