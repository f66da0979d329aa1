"""`procesregie reset-mfa USERNAME`: remove a user's authenticator app and recovery codes (lost phone).

At the next login the user sets up a new app. Until then, whoever knows the password can do that, so
give the user a new password in person as well (`procesregie changepassword USERNAME`). Sessions that
were verified with the removed app lose their verification at once.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from procesregie.accounts.models import User


class Command(BaseCommand):
    help = "Remove a user's authenticator app and recovery codes; the user sets up a new app at the next login."

    def add_arguments(self, parser):
        parser.add_argument("username")

    @transaction.atomic
    def handle(self, *args, username: str, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Geen gebruiker '{username}'.")
        totp, _ = TOTPDevice.objects.filter(user=user).delete()
        static, _ = StaticDevice.objects.filter(user=user).delete()
        self.stdout.write(
            f"{username}: authenticator-app en herstelcodes verwijderd ({totp + static} records). "
            "Bij de volgende login stelt de gebruiker een nieuwe app in; geef ook een nieuw wachtwoord persoonlijk door."
        )
