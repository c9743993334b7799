import pytest

from livelihood import services
from livelihood.choices import VoteStatus
from livelihood.models import Ballot
from tests.livelihood.factories import candidates

pytestmark = pytest.mark.django_db


def test_every_page_renders_for_its_roles(client, call, office, voters):
    deputy = voters[0]
    pages = {
        office: [
            "/livelihood/",
            call.get_absolute_url(),
            f"/livelihood/{call.pk}/candidates/new/",
            f"/livelihood/{call.pk}/vote/open/",
        ],
        deputy: [
            "/livelihood/",
            call.get_absolute_url(),
            f"/livelihood/{call.pk}/propose/",
        ],
    }
    for user, urls in pages.items():
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 200, (user, url)


def test_the_proposals_menu_links_to_the_livelihood_projects(login, office):
    page = login(office).get("/proposals/overview/").content.decode()
    assert 'href="/livelihood/"' in page


def test_results_are_hidden_from_deputies_until_published(login, call, office, voters):
    c1, c2, c3 = candidates(office, call)
    vote = services.vote_open(actor=office, call=call, places=2)
    client = login(voters[0])
    page = client.get(call.get_absolute_url()).content.decode()
    assert 'data-testid="btn-ballot-link"' in page
    client.post(
        f"/livelihood/{call.pk}/vote/",
        {f"candidate_{c1.pk}": "for", f"candidate_{c2.pk}": "for", f"candidate_{c3.pk}": "against"},
    )
    assert Ballot.objects.count() == 1
    services.vote_close(actor=office, vote=vote)
    page = client.get(call.get_absolute_url()).content.decode()
    assert 'data-testid="has-voted"' in page
    assert 'data-testid="candidate-result"' not in page
    services.vote_publish(actor=office, vote=vote)
    assert 'data-testid="candidate-result"' in client.get(call.get_absolute_url()).content.decode()
    vote.refresh_from_db()
    assert vote.status == VoteStatus.PUBLISHED
