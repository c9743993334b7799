"""A share has one definition, and every page that shows it shows the same figure."""

from decimal import Decimal

import pytest

from proposals import selectors
from proposals.choices import ProposalKind, ReplyClass
from stats import services as stats_services
from tests.factories import staff
from tests.proposals.factories import deputy_user, registered, replied

pytestmark = pytest.mark.django_db


def test_the_a_share_is_a_over_answered_suggestions_on_overview_scorecard_dashboard_and_api(
    session, congress, unit, unit_staff, login, api_login
):
    """Three answered (two A, one B) and one registered but not yet answered: 66.7 %, not 50 %."""
    office = staff("330000", username="office")
    deputies = [deputy_user(congress) for _ in range(2)]
    for index, classification in enumerate([ReplyClass.A, ReplyClass.A, ReplyClass.B]):
        replied(session, deputies[index % 2], office, unit, unit_staff, classification=classification)
    registered(session, deputies[0], office)

    overview = selectors.session_overview(user=office, session=session, kind=ProposalKind.SESSION_SUGGESTION)
    assert (overview.registered, overview.replied) == (4, 3)
    assert overview.class_shares == {"A": Decimal("66.7"), "B": Decimal("33.3"), "C": Decimal("0.0")}
    assert [row["a_share"] for row in overview.units] == [Decimal("66.7")]

    page = login(office).get(f"/proposals/overview/?session={session.pk}&kind=session_suggestion").content.decode()
    assert 'data-testid="class-a-share">66.7%<' in page
    assert "A类答复 ÷ 已答复建议" in page

    stats_services.stats_rebuild(metric_keys=["replies"])
    dashboard = login(office).get("/stats/?region=330000&period=year").content.decode()
    assert 'data-share-definition="replies_a_share"' in dashboard
    figures = api_login(office).get("/api/stats/figures/?region=330000&period=year").json()
    shares = {s["key"]: s for area in figures["areas"] for s in area["shares"]}
    assert round(shares["replies_a_share"]["value"] * 100, 1) == 66.7
    assert shares["replies_a_share"]["definition"] == overview.class_share_definition
