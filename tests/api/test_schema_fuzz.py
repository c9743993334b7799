"""Schemathesis against the OpenAPI schema: no 500s, and every response matches the schema.

Runs in-process over WSGI (same database connection as the test) as a
province staff user, a few generated cases per operation, reads and writes.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.choices import Role
from config.wsgi import application
from tests.factories import UserFactory, region

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Calls go straight to the WSGI app; like Django's test client, keep it from closing
    the test's database connection at the end of each request."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(db):
    user = UserFactory(role=Role.PROVINCE_STAFF, region=region("330000"), username="fuzz")
    return Token.objects.create(user=user).key


@schema.parametrize()
@settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_never_fails_and_matches_its_schema(case, token):
    case.headers = {**(case.headers or {}), "Authorization": f"Token {token}"}
    # The two properties: no 500s, and every response as documented. Whether
    # generated "valid" input is accepted (an id that does not exist is not) is not one.
    case.call_and_validate(checks=CHECKS)
