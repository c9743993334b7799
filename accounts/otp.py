"""One-time-password second factor (TOTP, any authenticator app) via django-otp.

A device is bound only after the holder enters an enrolment code issued by the
security admin (or the admin_account command): knowing the password is not
enough to bind an authenticator to someone else's account.
"""

import io

import qrcode
import qrcode.image.svg
from django_otp.plugins.otp_totp.models import TOTPDevice


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def enrolment_device(user) -> TOTPDevice:
    """The unconfirmed device being set up; created when the enrolment code has been accepted."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=False)
    return device


def device_qr_svg(device: TOTPDevice) -> str:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()
