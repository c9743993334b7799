"""Lockout per (account, address) pair, and per account only after many failures from several addresses."""

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def attempt(client, password, address, username="xihu"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_a_stranger_locks_only_their_own_address_out_of_a_known_account(client, county_user, settings):
    for _ in range(settings.AXES_ACCOUNT_FAILURE_LIMIT + 5):
        attempt(client, "wrong-password", "203.0.113.7")
    assert attempt(client, PASSWORD, "203.0.113.7").status_code == 429
    # The holder, from the office's address, still logs in.
    response = attempt(client, PASSWORD, "10.1.2.3")
    assert response.status_code == 302 and response.url == reverse("home")


def test_failures_from_many_addresses_lock_the_account_itself(client, county_user, settings):
    per_address = settings.AXES_FAILURE_LIMIT - 1
    addresses = [f"198.51.100.{n}" for n in range(settings.AXES_ACCOUNT_FAILURE_LIMIT // per_address + 1)]
    for address in addresses:
        for _ in range(per_address):
            attempt(client, "wrong-password", address)
    response = attempt(client, PASSWORD, "10.1.2.3")
    assert response.status_code == 429
    assert "锁定" in response.content.decode()


def test_another_account_from_the_same_address_is_not_affected(client, county_user, city_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "wrong-password", "203.0.113.9")
    assert attempt(client, PASSWORD, "203.0.113.9", username=city_user.username).status_code == 302
