import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db


def current_token(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_admin_site_asks_for_a_second_factor_and_accepts_a_valid_code(client, county_user, settings):
    settings.ADMIN_REQUIRE_OTP = True
    client.force_login(county_user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response.url.startswith(reverse("otp_verify"))
    page = client.get(response.url).content.decode()
    assert "<svg" in page  # first use: the QR code to scan
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


def test_staff_who_opt_in_need_the_second_factor_everywhere(client, county_user):
    county_user.otp_required = True
    county_user.save()
    client.force_login(county_user)
    assert client.get(reverse("home")).url.startswith(reverse("otp_verify"))


def test_without_opt_in_the_portal_needs_only_the_password(client, county_user):
    client.force_login(county_user)
    assert client.get(reverse("home")).status_code == 200
