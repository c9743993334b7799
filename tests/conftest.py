import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.factories import UserFactory, staff

PASSWORD = "Portal-Test-2026!"


@pytest.fixture
def province_user(db):
    return staff("330000", username="prov")


@pytest.fixture
def city_user(db):
    """杭州市 staff."""
    return staff("330100", username="hz")


@pytest.fixture
def county_user(db):
    """西湖区 staff (杭州市)."""
    return staff("330106", username="xihu")


@pytest.fixture
def other_county_user(db):
    """鄞州区 staff (宁波市): another city altogether."""
    return staff("330212", username="yinzhou")


@pytest.fixture
def user_factory(db):
    return UserFactory


class PortalClient(Client):
    """django-axes' backend comes first but cannot restore a session user; log in through the role backend."""

    def force_login(self, user, backend="accounts.permissions.RoleModelBackend"):
        super().force_login(user, backend=backend)


@pytest.fixture
def client():
    return PortalClient()


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def api_login(api_client):
    def _login(user):
        api_client.force_authenticate(user)
        return api_client

    return _login


@pytest.fixture(autouse=True)
def _regions_loaded(request, django_db_setup, django_db_blocker):
    """Regions come from a data migration; a transactional test's flush empties the table, so reload it."""
    from django.conf import settings

    from regions.loader import load_province
    from regions.models import Region

    with django_db_blocker.unblock():
        if not Region.objects.filter(code="330000").exists():
            for province in settings.REGION_PROVINCES:
                load_province(Region, settings.REGION_DATA_DIR, province)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
