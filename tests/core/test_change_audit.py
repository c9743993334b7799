"""Every change to a regional record is audited: who, when, what (field names), from which address."""

import pytest

from core.models import AuditEvent
from tests.proposals.factories import SessionFactory, deputy_user

pytestmark = pytest.mark.django_db


def test_a_record_created_and_changed_through_the_portal_is_audited(client):
    session = SessionFactory()
    user = deputy_user(congress=session.congress)
    client.force_login(user)
    data = {
        "session": session.pk,
        "kind": "session_suggestion",
        "title": "关于加强社区食堂建设的建议",
        "category": "social",
        "body": "建议内容。",
        "disclosure_agreed": "on",
    }
    client.post("/proposals/new/", data, REMOTE_ADDR="10.20.30.40")
    created = AuditEvent.objects.get(action="create", target_type="proposals.Proposal")
    assert created.actor == user and created.ip_address == "10.20.30.40"
    assert "title" in created.detail["fields"]
    proposal_id = created.target_id
    from proposals.models import Proposal

    proposal = Proposal.objects.get(pk=proposal_id)
    proposal.title = "关于加快社区食堂建设的建议"
    proposal.save()
    updated = AuditEvent.objects.filter(action="update", target_id=proposal_id).latest("occurred_at")
    assert updated.detail["fields"] == ["title"]  # names only: values may be personal data
