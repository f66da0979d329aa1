"""The second factor: a TOTP authenticator app, with ten one-time recovery codes as the fall-back.

Every user has exactly one confirmed TOTP device (django-otp `TOTPDevice`) and at most one set of
recovery codes (django-otp `StaticDevice`). A TOTP code is accepted once: the device remembers the
time step of the last accepted code (`last_t`) and refuses that step and earlier ones. A recovery code
is deleted when used. Both device kinds slow down repeated wrong codes (django-otp throttling).
"""

import re
import secrets
from base64 import b32encode

import segno
from django.db import transaction
from django.utils.safestring import SafeString, mark_safe
from django_otp import verify_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10
# Lower case without look-alikes (0/o, 1/l/i): about 49 bits per ten-character code.
RECOVERY_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_CODE_LENGTH = 10
TOTP_DEVICE_NAME = "Authenticator-app"
RECOVERY_DEVICE_NAME = "Herstelcodes"

_TOTP_CODE = re.compile(r"\d{6}")


def normalise_code(raw: str) -> str:
    """What the user typed, without spaces or dashes, in lower case ("123 456", "ABCDE-FGHIJ")."""
    return re.sub(r"[\s-]+", "", raw).lower()


def confirmed_totp_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def has_confirmed_totp(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def verify_code(*, user, code: str) -> Device | None:
    """The device that accepts `code` (a 6-digit TOTP code or a recovery code), or None.

    Each check locks the device row (select_for_update) so two requests cannot both use one code.
    """
    code = normalise_code(code)
    if _TOTP_CODE.fullmatch(code):
        devices = TOTPDevice.objects.filter(user=user, confirmed=True)
    else:
        devices = StaticDevice.objects.filter(user=user, confirmed=True)
    for device in devices.order_by("pk"):
        verified = verify_token(user, device.persistent_id, code)
        if verified is not None:
            return verified
    return None


@transaction.atomic
def enrolment_device(*, user, device_id: int | None) -> TOTPDevice:
    """The unconfirmed TOTP device of this enrolment (one per login session).

    A new enrolment gets a new secret and discards unconfirmed ones from earlier sessions, so a secret
    shown to someone else before (who also knew the password) is useless once the user enrols.
    """
    if device_id is not None:
        device = TOTPDevice.objects.filter(user=user, pk=device_id, confirmed=False).first()
        if device is not None:
            return device
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)


@transaction.atomic
def enrolment_confirm(*, user, device: TOTPDevice, code: str) -> bool:
    """Confirm the new device with a code from the app; the user's older TOTP devices are removed."""
    verified = verify_token(user, device.persistent_id, normalise_code(code))
    if verified is None:
        return False
    TOTPDevice.objects.filter(user=user).exclude(pk=verified.pk).delete()
    verified.confirmed = True
    verified.save(update_fields=["confirmed"])
    return True


@transaction.atomic
def factors_remove(*, user) -> int:
    """Remove every authenticator app and recovery code of `user` (confirmed or not); the number of devices."""
    totp, _ = TOTPDevice.objects.filter(user=user).delete()
    static, _ = StaticDevice.objects.filter(user=user).delete()
    return totp + static


def new_recovery_code() -> str:
    return "".join(secrets.choice(RECOVERY_CODE_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))


@transaction.atomic
def recovery_codes_issue(*, user) -> list[str]:
    """A fresh set of recovery codes; earlier codes stop working. Returned once, to show once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = set()
    while len(codes) < RECOVERY_CODE_COUNT:
        codes.add(new_recovery_code())
    codes = sorted(codes)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def format_recovery_code(code: str) -> str:
    """"abcdefghjk" → "abcde-fghjk": easier to copy by hand; the dash is ignored on input."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def totp_secret(device: TOTPDevice) -> str:
    """The secret in base32, as authenticator apps expect it."""
    return b32encode(device.bin_key).decode("ascii")


def format_secret(secret: str) -> str:
    """The base32 secret in groups of four, for typing it in by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(uri: str, *, title: str) -> SafeString:
    """The otpauth URI as an inline SVG image (no script, no style attribute: allowed by the CSP)."""
    svg = segno.make(uri, error="m").svg_inline(
        scale=5, dark="#000", light="#fff", title=title, svgclass="procesregie-qr", lineclass=None
    )
    # segno escapes the title; the role lets assistive technology announce the SVG as one image.
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308
