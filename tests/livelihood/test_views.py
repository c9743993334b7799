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


def test_the_office_runs_the_call_through_its_step_pages(login, call, office, voters):
    client = login(office)
    added = client.post(f"/livelihood/{call.pk}/candidates/new/", {"title": "新增项目", "description": "内容"})
    assert added.status_code == 302
    c1 = candidates(office, call)[0]
    opened = client.post(f"/livelihood/{call.pk}/vote/open/", {"places": 5, "quorum_percent": 50, "pass_percent": 50})
    assert "候选项目数须多于票决项目数" in opened.content.decode()
    client.post(f"/livelihood/{call.pk}/vote/open/", {"places": 1, "quorum_percent": 50, "pass_percent": 50})
    for user in voters:
        services.ballot_cast(
            actor=user,
            vote=call.vote,
            choices={c.pk: "for" if c == c1 else "against" for c in call.candidates.all()},
        )
    assert client.post(f"/livelihood/{call.pk}/vote/close/").status_code == 302
    assert client.post(f"/livelihood/{call.pk}/vote/publish/").status_code == 302
    call.vote.refresh_from_db()
    assert call.vote.status == VoteStatus.PUBLISHED
    # The former per-project address leads to the call's progress step, the project chosen.
    page = client.get(f"/livelihood/candidates/{c1.pk}/progress/", follow=True)
    assert f'<option value="{c1.pk}" selected>' in page.content.decode()
    client.post(
        f"/livelihood/{call.pk}/report-progress/",
        {"candidate": c1.pk, "reported_on": "2027-05-01", "percent": 40, "content": "已开工"},
    )
    assert c1.progress_reports.get().percent == 40


def test_a_deputy_is_not_offered_the_office_steps(login, call, voters):
    client = login(voters[0])
    assert client.get(f"/livelihood/{call.pk}/vote/open/").status_code == 403
    assert client.get(f"/livelihood/{call.pk}/candidates/new/").status_code == 403
