"""Schemathesis against the OpenAPI schema: no 500s, and every response matches the schema.

Runs in-process over WSGI (same database connection as the test) as a
province staff user, a few generated cases per operation, reads and writes.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token

from accounts.choices import Role
from config.wsgi import application
from tests.factories import UserFactory, region

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@pytest.fixture
def token(db):
    user = UserFactory(role=Role.PROVINCE_STAFF, region=region("330000"), username="fuzz")
    return Token.objects.create(user=user).key


@schema.parametrize()
@settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_never_fails_and_matches_its_schema(case, token):
    case.headers = {**(case.headers or {}), "Authorization": f"Token {token}"}
    case.call_and_validate()
