import datetime as dt
from decimal import Decimal

import pytest

from proposals import selectors, services
from proposals.choices import ContactWay, ProposalCategory, ProposalKind, ProposalStatus, ReplyClass, Satisfaction
from tests.factories import staff
from tests.proposals.factories import deputy_user, draft, registered, replied

pytestmark = pytest.mark.django_db


def _file_and_reply(*, session, deputy, office, unit, unit_staff, classification):
    proposal = services.proposal_create_draft(
        actor=deputy,
        session=session,
        kind=ProposalKind.SESSION_SUGGESTION,
        title="关于优化营商环境的建议",
        body="建议内容",
        category=ProposalCategory.ECONOMY,
    )
    services.proposal_submit(actor=deputy, proposal=proposal)
    services.proposal_register(actor=office, proposal=proposal)
    services.proposal_assign(actor=office, proposal=proposal, lead_unit=unit)
    lead = proposal.assignments.get()
    services.assignment_sign(actor=unit_staff, assignment=lead)
    services.contact_record(
        actor=unit_staff, assignment=lead, contacted_on=dt.date.today(), way=ContactWay.PHONE, content="电话沟通"
    )
    services.reply_submit(actor=unit_staff, proposal=proposal, text="答复", classification=classification)
    return proposal


def test_955_session_suggestions_with_807_a_replies_give_84_5_percent(
    session, congress, unit, unit_staff, other_unit, other_unit_staff, login
):
    office = staff("330000", username="office")
    deputies = [deputy_user(congress) for _ in range(5)]
    classes = [ReplyClass.A] * 807 + [ReplyClass.B] * 100 + [ReplyClass.C] * 48
    for index, classification in enumerate(classes):
        lead, lead_staff = (unit, unit_staff) if index % 2 else (other_unit, other_unit_staff)
        _file_and_reply(
            session=session,
            deputy=deputies[index % 5],
            office=office,
            unit=lead,
            unit_staff=lead_staff,
            classification=classification,
        )
    overview = selectors.session_overview(user=office, session=session, kind=ProposalKind.SESSION_SUGGESTION)
    assert overview.registered == 955
    assert overview.classes == {"A": 807, "B": 100, "C": 48}
    assert overview.class_shares["A"] == Decimal("84.5")
    assert overview.by_status == {ProposalStatus.REPLIED: 955}
    assert sum(row["tasks"] for row in overview.units) == 955
    assert sum(row["a"] for row in overview.units) == 807

    page = login(office).get(f"/proposals/overview/?session={session.pk}&kind=session_suggestion")
    text = page.content.decode()
    assert 'data-testid="class-a-count">807<' in text
    assert 'data-testid="class-a-share">84.5%<' in text


def test_satisfaction_counts_every_rating_including_rehandled(session, deputy, unit, unit_staff):
    office = staff("330000", username="office")
    first = replied(session, deputy, office, unit, unit_staff)
    services.reply_rate(actor=deputy, proposal=first, work_rating="satisfied", result_rating="satisfied")
    second = replied(session, deputy, office, unit, unit_staff, classification=ReplyClass.C)
    services.reply_rate(
        actor=deputy, proposal=second, work_rating="basic", result_rating="unsatisfied", comment="未解决"
    )
    overview = selectors.session_overview(user=office, session=session)
    assert overview.ratings == 2
    assert overview.result_counts[Satisfaction.UNSATISFIED] == 1
    assert overview.result_shares[Satisfaction.SATISFIED] == Decimal("50.0")
    assert overview.rehandled == 1
    card = selectors.unit_scorecard(user=office, session=session)
    assert card[0]["unit"] == unit.name
    assert (card[0]["tasks"], card[0]["replies"], card[0]["on_time_share"], card[0]["contact_share"]) == (
        2,
        2,
        Decimal("100.0"),
        Decimal("100.0"),
    )


def test_overview_is_scoped_to_the_users_jurisdiction(session, deputy, unit, unit_staff, other_county_user):
    office = staff("330000", username="office")
    replied(session, deputy, office, unit, unit_staff)
    assert selectors.session_overview(user=office, session=session).total == 1
    assert selectors.session_overview(user=other_county_user, session=session).total == 0


def test_similar_titles_are_found_in_the_same_session(session, deputy, congress):
    office = staff("330000", username="office")
    registered(session, deputy, office, title="关于加快农村养老服务体系建设的建议")
    registered(session, deputy, office, title="关于治理城市交通拥堵的建议")
    draft(session, deputy, title="关于农村养老服务的建议（草稿）")
    new = draft(session, deputy, title="关于完善农村养老服务体系的建议")
    services.proposal_submit(actor=deputy, proposal=new)
    similar = selectors.similar_titles(proposal=new)
    assert [p.title for p, _ratio in similar] == ["关于加快农村养老服务体系建设的建议"]


def test_deputy_space_groups_proposals(session, deputy, other_deputy, unit, unit_staff):
    from tests.proposals.factories import mandate

    office = staff("330000", username="office")
    draft(session, deputy, title="草稿一")
    to_rate = replied(session, deputy, office, unit, unit_staff)
    motion = draft(session, other_deputy, kind=ProposalKind.MOTION, title="邀请我附议的议案")
    services.proposal_invite_cosigners(actor=other_deputy, proposal=motion, deputies=[mandate(deputy)])
    space = selectors.deputy_space(user=deputy)
    assert [p.title for p in space["drafts"]] == ["草稿一"]
    assert list(space["to_rate"]) == [to_rate]
    assert [c.proposal.title for c in space["invitations"]] == ["邀请我附议的议案"]
