"""The account gate holds at every entry point: pages, the API (session and token) and the admin site."""

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.gate import OTP_REQUIRED, PASSWORD_CHANGE_REQUIRED, PASSWORD_EXPIRED, account_gate
from core.admin_site import PortalAdminSite

pytestmark = pytest.mark.django_db

API_URL = "/api/deputies/"


def must_change(user):
    user.must_change_password = True


def expired(user):
    user.password_changed_at = timezone.now() - timedelta(days=400)


def otp_pending(user):
    user.otp_required = True


GATES = {PASSWORD_CHANGE_REQUIRED: must_change, PASSWORD_EXPIRED: expired, OTP_REQUIRED: otp_pending}


@pytest.fixture(params=sorted(GATES))
def gated(request, county_user):
    GATES[request.param](county_user)
    county_user.save()
    return request.param, county_user


def test_an_open_account_passes_every_entry_point(client, county_user):
    client.force_login(county_user)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(API_URL).status_code == 200
    token = APIClient()
    token.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=county_user).key}")
    assert token.get(API_URL).status_code == 200
    assert account_gate(county_user) is None


def test_pages_send_a_gated_user_to_the_form_that_opens_the_gate(client, gated):
    code, user = gated
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    target = reverse("otp_verify") if code == OTP_REQUIRED else reverse("password_change")
    assert response.url.startswith(target)


def test_the_api_with_the_same_session_answers_403_with_the_gate_code(client, gated):
    code, user = gated
    client.force_login(user)
    response = client.get(API_URL)
    assert response.status_code == 403
    assert response.json()["code"] == code


def test_the_api_with_a_token_answers_403_with_the_gate_code(gated):
    code, user = gated
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    response = api.get(API_URL)
    assert response.status_code == 403
    assert response.json()["code"] == code


def test_the_admin_site_refuses_a_gated_user(client, gated):
    _code, user = gated
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert not response.url.startswith(reverse("admin:index"))
    request = RequestFactory().get("/admin/")
    request.user = user
    user.is_verified = lambda: False
    assert PortalAdminSite().has_permission(request) is False


def test_a_verified_second_factor_opens_the_api_session(client, county_user, monkeypatch):
    county_user.otp_required = True
    county_user.save()
    client.force_login(county_user)
    monkeypatch.setattr("django_otp.middleware.is_verified", lambda user: True)
    assert client.get(API_URL).status_code == 200
