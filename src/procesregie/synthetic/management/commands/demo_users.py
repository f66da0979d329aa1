"""`procesregie demo-users`: demo logins, one per role, in the house and three partner organisations.

The demo dataset names them in staff.csv, so after `procesregie import` their accounts exist, inactive and
without password or second factor, with their tables (a procesregisseur's caseload) from the dataset; this
activates them. Without the dataset it creates them; a procesregisseur who works at no table then works at
all tables there are.

Idempotent: the users are found by username; each run gives every demo user a new random password,
a new confirmed authenticator secret and ten new recovery codes, so the credentials file always matches
the database. Writes `VAR_DIR/demo-credentials.json` (mode 0600). Refuses to run in production.
"""

import json
import os
import secrets
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice
from faker import Faker

from procesregie.accounts import mfa
from procesregie.accounts.models import Organisation, OrganisationKind, RoleAssignment, User, WgsParticipant
from procesregie.accounts.roles import Role
from procesregie.synthetic.personas import DEMO_USERS, INCIDENTAL_ORGANISATION, LIMITED_DEMO_USERS, DemoUser

CREDENTIALS_FILE = "demo-credentials.json"


def random_password() -> str:
    """About 130 bits, easy to paste; passes the configured password validators."""
    return secrets.token_urlsafe(22)


def write_private_json(path: Path, data) -> None:
    """Write `data` to `path` atomically, readable by the owner only (0600), also when the file existed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")  # created 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=2)
            handle.write("\n")
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Command(BaseCommand):
    help = "Create or refresh the demo users (one per role) with password, authenticator secret and recovery codes."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("demo-users weigert te draaien in productie (PROCESREGIE_ENV=production).")

        code, name = INCIDENTAL_ORGANISATION  # the incidental WGS participant's login needs its organisation
        Organisation.objects.get_or_create(code=code, defaults={
            "name": name, "kind": OrganisationKind.OVERIG, "wgs_participant": WgsParticipant.INCIDENTEEL})
        demo_users = (*DEMO_USERS, *LIMITED_DEMO_USERS)
        codes = {demo.organisation for demo in demo_users}
        organisations = Organisation.objects.in_bulk(codes, field_name="code")
        missing = sorted(codes - organisations.keys())
        if missing:
            raise CommandError(
                f"Organisatie(s) ontbreken: {', '.join(missing)}. "
                "Laad eerst de referentiedata: procesregie load-reference"
            )

        with transaction.atomic():
            provisioned = [self._provision(demo, organisations[demo.organisation]) for demo in demo_users]
        entries = [entry for entry, _created in provisioned]

        path = Path(settings.VAR_DIR) / CREDENTIALS_FILE
        write_private_json(path, {"users": entries})

        row = "{:<11}{:<27} {:<31} {:<25} {}"
        self.stdout.write(row.format("", "gebruikersnaam", "wachtwoord", "organisatie", "rollen"))
        for entry, created in provisioned:
            status = "nieuw" if created else "bijgewerkt"
            roles = ", ".join(entry["roles"])
            self.stdout.write(row.format(status, entry["username"], entry["password"], entry["organisation"], roles))
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(entries)} demogebruikers. Wachtwoorden, TOTP-sleutels en herstelcodes staan in {path} "
                "(alleen leesbaar voor de eigenaar)."
            )
        )

    def _provision(self, demo: DemoUser, organisation: Organisation) -> tuple[dict, bool]:
        fake = Faker("nl_NL")
        user, created = User.objects.get_or_create(
            username=demo.username,
            defaults={
                "first_name": fake.first_name(),
                "last_name": fake.last_name(),
                "email": f"{demo.username}@example.org",
                "organisation": organisation,
            },
        )
        password = random_password()
        user.set_password(password)
        user.organisation = organisation
        user.email = user.email or f"{demo.username}@example.org"  # staff.csv has no addresses; reminders need one
        user.is_active = True
        user.save()

        RoleAssignment.objects.filter(user=user).exclude(role__in=demo.roles).delete()
        for role in demo.roles:
            RoleAssignment.objects.get_or_create(user=user, role=role)
        if Role.PROCESREGISSEUR in demo.roles and not user.tables.exists():
            # Without a dataset that seats them (staff.csv, table_members.csv): every table there is.
            table_model = apps.get_model("reference", "Table")
            user.tables.set(table_model.objects.all())

        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name=mfa.TOTP_DEVICE_NAME, confirmed=True)
        recovery_codes = mfa.recovery_codes_issue(user=user)

        entry = {
            "username": user.username,
            "password": password,
            "name": user.get_full_name(),
            "organisation": organisation.code,
            "roles": [str(role) for role in demo.roles],
            "totp_secret": mfa.totp_secret(device),
            "otpauth_uri": device.config_url,
            "recovery_codes": [mfa.format_recovery_code(code) for code in recovery_codes],
        }
        return entry, created
