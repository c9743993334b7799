from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.choices import Role
from accounts.services import user_otp_reset
from core.choices import AuditAction
from core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def security_admin(user_factory):
    return user_factory(role=Role.SECURITY_ADMIN, region=None)


def current_token(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_admin_site_asks_for_a_second_factor_and_accepts_a_valid_code(client, county_user, security_admin, settings):
    settings.ADMIN_REQUIRE_OTP = True
    code = user_otp_reset(actor=security_admin, user=county_user)
    client.force_login(county_user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response.url.startswith(reverse("otp_verify"))
    assert client.post(response.url, {"code": code}).status_code == 302
    page = client.get(response.url).content.decode()
    assert "<svg" in page  # first use, with the enrolment code: the QR code to scan
    device = TOTPDevice.objects.get(user=county_user)
    assert (
        client.post(response.url, {"token": "000000" if current_token(device) != "000000" else "111111"}).status_code
        == 200
    )
    assert client.get(reverse("admin:index")).status_code == 302  # still not verified
    device.refresh_from_db()
    device.throttle_reset()  # django-otp makes the next try wait after a failure; skip the wait
    done = client.post(response.url, {"token": current_token(device)})
    assert done.status_code == 302 and done.url == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    county_user.refresh_from_db()
    assert county_user.otp_enrolment_code == ""  # spent
    assert AuditEvent.objects.filter(action=AuditAction.OTP_ENROL, target_id=str(county_user.pk)).exists()


def test_first_login_cannot_bind_an_authenticator_without_an_enrolment_code(client, county_user):
    county_user.otp_required = True
    county_user.save()
    client.force_login(county_user)
    page = client.get(reverse("otp_verify")).content.decode()
    assert "<svg" not in page and "安全管理员" in page
    assert not TOTPDevice.objects.filter(user=county_user).exists()
    response = client.post(reverse("otp_verify"), {"code": "ABCDEF-123456-7890AB"})
    assert response.status_code == 200 and "绑定码不正确" in response.content.decode()
    assert "<svg" not in client.get(reverse("otp_verify")).content.decode()


def test_an_enrolment_code_is_refused_once_expired_or_replaced(client, county_user, security_admin):
    county_user.otp_required = True
    county_user.save()
    old = user_otp_reset(actor=security_admin, user=county_user)
    new = user_otp_reset(actor=security_admin, user=county_user)
    client.force_login(county_user)
    assert "绑定码不正确" in client.post(reverse("otp_verify"), {"code": old}).content.decode()
    county_user.refresh_from_db()
    county_user.otp_enrolment_expires_at = timezone.now() - timedelta(minutes=1)
    county_user.save()
    assert "绑定码不正确" in client.post(reverse("otp_verify"), {"code": new}).content.decode()


def test_staff_who_opt_in_need_the_second_factor_everywhere(client, county_user):
    county_user.otp_required = True
    county_user.save()
    client.force_login(county_user)
    assert client.get(reverse("home")).url.startswith(reverse("otp_verify"))


def test_without_opt_in_the_portal_needs_only_the_password(client, county_user):
    client.force_login(county_user)
    assert client.get(reverse("home")).status_code == 200
