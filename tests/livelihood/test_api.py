import pytest

from livelihood import services
from livelihood.models import Ballot
from tests.livelihood.factories import candidates

pytestmark = pytest.mark.django_db


def test_a_deputy_votes_through_the_api_and_outsiders_see_nothing(api_login, call, office, voters, other_county_user):
    c1, c2, c3 = candidates(office, call)
    services.vote_open(actor=office, call=call, places=2)
    client = api_login(voters[0])
    assert [c["id"] for c in client.get("/api/livelihood/calls/").json()["results"]] == [call.pk]
    listed = client.get("/api/livelihood/candidates/", {"call": call.pk}).json()["results"]
    assert [c["title"] for c in listed] == ["候选项目1", "候选项目2", "候选项目3"]
    choices = {str(c1.pk): "for", str(c2.pk): "against", str(c3.pk): "abstain"}
    response = client.post(f"/api/livelihood/calls/{call.pk}/ballot/", {"choices": choices}, format="json")
    assert response.status_code == 201, response.content
    assert Ballot.objects.count() == 1
    again = client.post(f"/api/livelihood/calls/{call.pk}/ballot/", {"choices": choices}, format="json")
    assert again.status_code == 400
    # A county office of another city sees neither the provincial call nor its candidates.
    outsider = api_login(other_county_user)
    assert outsider.get("/api/livelihood/calls/").json()["results"] == []
    assert outsider.get("/api/livelihood/candidates/").json()["results"] == []
