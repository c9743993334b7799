"""REST endpoints: scoped, filtered, masked, writes through services."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import AuditEvent
from deputies.choices import DeputyLevel
from deputies.models import ExpertiseTag, Group
from tests.deputies.factories import (
    ContactFactory,
    CourseFactory,
    DeputyFactory,
    GroupFactory,
    MembershipFactory,
    PersonFactory,
    congress_for,
)
from tests.factories import region

pytestmark = pytest.mark.django_db


def test_deputy_list_is_scoped_filtered_and_masked(api_login, county_user):
    mine = DeputyFactory(person=PersonFactory(name="本区代表", mobile="13912345678"))
    DeputyFactory(code="330106", congress=congress_for("330106", level="township"))
    DeputyFactory(code="330212")
    response = api_login(county_user).get("/api/deputies/", {"level": DeputyLevel.COUNTY})
    results = response.json()["results"]
    assert [r["name"] for r in results] == ["本区代表"]
    assert results[0]["mobile"] == "139****5678"
    assert results[0]["id_number"] == mine.person.id_number_masked


def test_deputy_api_query_count_does_not_grow_with_rows(api_login, county_user, django_assert_num_queries):
    client = api_login(county_user)
    tag = ExpertiseTag.objects.create(name="教育")
    for _ in range(3):
        DeputyFactory().person.expertise_tags.add(tag)
    with CaptureQueriesContext(connection) as three:
        client.get("/api/deputies/")
    for _ in range(27):
        DeputyFactory().person.expertise_tags.add(tag)
    with django_assert_num_queries(len(three.captured_queries)):
        assert len(client.get("/api/deputies/").json()["results"]) == 30


def test_reveal_action_is_audited_and_refused_elsewhere(api_login, county_user, other_county_user):
    deputy = DeputyFactory()
    response = api_login(county_user).post(f"/api/deputies/{deputy.pk}/reveal/")
    assert response.json()["id_number"] == deputy.person.id_number
    assert AuditEvent.objects.filter(action="reveal").count() == 1
    assert api_login(other_county_user).post(f"/api/deputies/{deputy.pk}/reveal/").status_code == 404


def test_status_action_refuses_a_broken_rule_with_400(api_login, county_user):
    deputy = DeputyFactory()
    client = api_login(county_user)
    response = client.post(
        f"/api/deputies/{deputy.pk}/status/", {"to_status": "resigned", "effective_date": "2025-01-01"}
    )
    assert response.status_code == 400 and "原因" in str(response.json())
    response = client.post(
        f"/api/deputies/{deputy.pk}/status/", {"to_status": "deceased", "effective_date": "2025-01-01"}
    )
    assert response.json()["status"] == "deceased"


def test_status_action_refuses_an_unknown_status_with_400(api_login, county_user):
    deputy = DeputyFactory()
    response = api_login(county_user).post(
        f"/api/deputies/{deputy.pk}/status/", {"to_status": "retired", "effective_date": "2025-01-01", "reason": "x"}
    )
    assert response.status_code == 400 and "to_status" in response.json()


def test_group_created_by_api_and_members_added_only_by_the_forming_region(api_login, city_user, county_user):
    client = api_login(city_user)
    response = client.post(
        "/api/deputy-groups/", {"name": "跨区域任务组", "kind": "task_team", "region": region("330100").pk}
    )
    assert response.status_code == 201, response.json()
    group = Group.objects.get(name="跨区域任务组")
    deputy = DeputyFactory()
    assert client.post("/api/deputy-group-memberships/", {"group": group.pk, "deputy": deputy.pk}).status_code == 201
    # The member's county now reads the team but may not add to it.
    county = api_login(county_user)
    assert county.get(f"/api/deputy-groups/{group.pk}/").status_code == 200
    other = DeputyFactory()
    assert county.post("/api/deputy-group-memberships/", {"group": group.pk, "deputy": other.pk}).status_code == 403


def test_memberships_contacts_and_trainings_are_filtered(api_login, county_user):
    membership = MembershipFactory()
    MembershipFactory(group=GroupFactory())
    contact = ContactFactory(kind="committee_deputy")
    ContactFactory()
    course = CourseFactory(training_class="initial")
    CourseFactory()
    client = api_login(county_user)
    assert [
        m["id"] for m in client.get("/api/deputy-group-memberships/", {"group": membership.group_id}).json()["results"]
    ] == [membership.pk]
    assert [c["id"] for c in client.get("/api/deputy-contacts/", {"kind": "committee_deputy"}).json()["results"]] == [
        contact.pk
    ]
    assert [
        c["id"] for c in client.get("/api/deputy-training-courses/", {"training_class": "initial"}).json()["results"]
    ] == [course.pk]


def test_contact_created_through_api_for_a_deputy_out_of_reach_is_refused(api_login, county_user):
    deputy = DeputyFactory(code="330212")
    response = api_login(county_user).post(
        "/api/deputy-contacts/",
        {
            "kind": "committee_deputy",
            "deputy": deputy.pk,
            "counterpart": "x",
            "contacted_on": "2025-01-01",
            "way": "phone",
            "topic": "x",
        },
    )
    assert response.status_code == 400  # the deputy is not even a valid choice
