"""Twenty identical submits of one form at the same moment (double clicks, retries) create one record."""

import threading

import pytest
from django.db import connection
from django.test import Client

from proposals.models import Proposal
from tests.proposals.factories import SessionFactory, deputy_user

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_twenty_concurrent_identical_submits_create_one_suggestion():
    session = SessionFactory()
    user = deputy_user(congress=session.congress)
    data = {
        "session": session.pk,
        "kind": "session_suggestion",
        "title": "关于完善社区养老服务设施的建议",
        "category": "social",
        "body": "建议在老旧小区加装电梯并建设社区食堂。",
        "disclosure_agreed": "on",
        "submission_key": "f" * 32,  # the same rendered form submitted twenty times
    }
    barrier = threading.Barrier(20)
    statuses = []

    def submit():
        client = Client()
        client.force_login(user, backend="accounts.permissions.RoleModelBackend")
        barrier.wait()
        try:
            statuses.append(client.post("/proposals/new/", data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(statuses) == 20 and all(code in (200, 302) for code in statuses), statuses
    assert Proposal.objects.filter(title="关于完善社区养老服务设施的建议").count() == 1
