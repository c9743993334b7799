import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.choices import Role
from accounts.services import user_create
from core.models import AuditEvent
from tests.conftest import PASSWORD
from tests.factories import region

pytestmark = pytest.mark.django_db


def test_login_logout_and_audit(client, county_user):
    response = client.post(reverse("login"), {"username": "xihu", "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("home")
    assert AuditEvent.objects.filter(action="login", actor=county_user).exists()
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_failed_logins_lock_the_account(client, county_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "xihu", "password": "wrong-password"})
    response = client.post(reverse("login"), {"username": "xihu", "password": PASSWORD})
    assert response.status_code == 429
    assert "锁定" in response.content.decode()
    assert AuditEvent.objects.filter(action="login_failed").count() >= settings.AXES_FAILURE_LIMIT


@pytest.mark.parametrize(
    "password",
    ["short1!A", "alllowercaseletters", "12345678901234", "Password1234"],
)
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_strong_password_is_accepted():
    validate_password("Zhejiang#Deputy2026")


def test_seeded_account_must_change_password_before_anything_else(client):
    user = user_create(username="newstaff", password=PASSWORD, role=Role.COUNTY_STAFF, region=region("330106"))
    client.force_login(user)
    assert client.get(reverse("home")).url == reverse("password_change")
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Xihu#Office2026a", "new_password2": "Xihu#Office2026a"},
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_staff_role_must_match_region_level():
    with pytest.raises(ValidationError):
        user_create(username="bad", password=PASSWORD, role=Role.CITY_STAFF, region=region("330106"))


def test_idle_session_expires_after_thirty_minutes(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_home_page_per_role(login, county_user, user_factory):
    assert "西湖区" in login(county_user).get(reverse("home")).content.decode()
    auditor = user_factory(role=Role.AUDIT_ADMIN, region=None)
    page = login(auditor).get(reverse("home")).content.decode()
    assert reverse("admin:core_auditevent_changelist") in page
