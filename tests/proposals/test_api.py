import datetime as dt

import pytest

from proposals.choices import ProposalStatus
from proposals.models import Proposal
from tests.factories import staff
from tests.proposals.factories import draft, in_handling

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(db):
    return staff("330000", username="office")


def test_deputy_files_and_submits_through_the_api(api_login, session, deputy):
    client = api_login(deputy)
    response = client.post(
        "/api/proposals/",
        {
            "session": session.pk,
            "kind": "session_suggestion",
            "title": "关于完善公交线网的建议",
            "body": "内容",
            "category": "transport",
            "submit": True,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == ProposalStatus.SUBMITTED


def test_api_flow_register_assign_reply_rate(api_login, session, deputy, office, unit, unit_staff):
    proposal = draft(session, deputy)
    api_login(deputy).post(f"/api/proposals/{proposal.pk}/submit/")
    client = api_login(office)
    assert client.post(f"/api/proposals/{proposal.pk}/register/").json()["number"] == 1
    assert (
        client.post(f"/api/proposals/{proposal.pk}/assign/", {"lead_unit": unit.pk}, format="json").status_code == 200
    )
    client = api_login(unit_staff)
    assignment = client.get("/api/proposals/assignments/").json()["results"][0]
    client.post(f"/api/proposals/assignments/{assignment['id']}/sign/")
    refused = client.post(f"/api/proposals/{proposal.pk}/reply/", {"text": "x", "classification": "A"}, format="json")
    assert refused.status_code == 400
    client.post(
        f"/api/proposals/assignments/{assignment['id']}/contact/",
        {"contacted_on": dt.date.today().isoformat(), "way": "phone", "content": "电话"},
        format="json",
    )
    reply = client.post(f"/api/proposals/{proposal.pk}/reply/", {"text": "答复", "classification": "A"}, format="json")
    assert reply.status_code == 201
    rated = api_login(deputy).post(
        f"/api/proposals/{proposal.pk}/rate/", {"work_rating": "satisfied", "result_rating": "basic"}, format="json"
    )
    assert rated.json()["status"] == ProposalStatus.CLOSED


def test_api_lists_are_scoped(api_login, session, deputy, other_deputy, office, unit, unit_staff, other_unit_staff):
    mine = in_handling(session, deputy, office, unit, unit_staff)
    draft(session, deputy, title="私人草稿")
    assert [p["id"] for p in api_login(other_unit_staff).get("/api/proposals/").json()["results"]] == []
    assert [p["id"] for p in api_login(unit_staff).get("/api/proposals/").json()["results"]] == [mine.pk]
    assert "私人草稿" not in api_login(office).get("/api/proposals/").content.decode()
    assert api_login(other_deputy).get(f"/api/proposals/{mine.pk}/").status_code == 404


def test_api_filters_by_status(api_login, session, deputy, office, unit, unit_staff):
    in_handling(session, deputy, office, unit, unit_staff)
    other = draft(session, deputy, title="另一件")
    client = api_login(deputy)
    client.post(f"/api/proposals/{other.pk}/submit/")
    results = api_login(office).get("/api/proposals/?status=submitted").json()["results"]
    assert [r["title"] for r in results] == ["另一件"]
    assert Proposal.objects.count() == 2


def test_reassignment_through_the_api_takes_its_reason_and_refuses_none(
    api_login, session, deputy, office, unit, unit_staff
):
    from proposals.models import HandlingUnit

    proposal = in_handling(session, deputy, office, unit, unit_staff)
    other_unit = HandlingUnit.objects.create(name="交通运输局", region=unit.region)
    client = api_login(office)
    refused = client.post(f"/api/proposals/{proposal.pk}/assign/", {"lead_unit": other_unit.pk}, format="json")
    assert refused.status_code == 400
    moved = client.post(
        f"/api/proposals/{proposal.pk}/assign/", {"lead_unit": other_unit.pk, "reason": "职责调整"}, format="json"
    )
    assert moved.status_code == 200, moved.content
