"""`procesregie demo-totp USERNAME`: the current authenticator code of a user, for demos and browser tests.

Stands in for the phone app on a demo machine. Refuses to run in production.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP

from procesregie.accounts import mfa
from procesregie.accounts.models import User


class Command(BaseCommand):
    help = "Print the current TOTP code of a (demo) user. Not available in production."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        if settings.PRODUCTION:
            raise CommandError("demo-totp weigert te draaien in productie (PROCESREGIE_ENV=production).")
        user = User.objects.filter(username=username).first()
        device = mfa.confirmed_totp_device(user) if user else None
        if device is None:
            raise CommandError(f"Geen gebruiker '{username}' met een ingestelde authenticator-app.")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
