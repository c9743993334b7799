"""The liaison stations' workflows: who may take each step, what one step writes, optional supervision."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.choices import Role
from core.exceptions import ApplicationError
from core.models import AuditEvent
from core.rights import action_names, can
from liaison_stations import services
from liaison_stations.choices import OpinionStatus, ProblemStatus
from liaison_stations.models import InspectionProblemEvent, OpinionTransition
from tests.factories import UserFactory

from .factories import DeputyFactory, InspectionFactory, InspectionProblemFactory, OpinionItemFactory, ReceptionFactory

pytestmark = pytest.mark.django_db

# status the step starts from -> the step
OPINION_STEPS = [
    (OpinionStatus.PENDING, "register"),
    (OpinionStatus.REGISTERED, "assign"),
    (OpinionStatus.ASSIGNED, "handle"),
    (OpinionStatus.HANDLED, "supervise"),
    (OpinionStatus.HANDLED, "reply"),
    (OpinionStatus.SUPERVISED, "reply"),
    (OpinionStatus.REPLIED, "close"),
    (OpinionStatus.CLOSED, "reopen"),
]


@pytest.fixture
def deputy_user(db):
    user = UserFactory(role=Role.DEPUTY, region=None)
    DeputyFactory(person__user=user)
    return user


@pytest.fixture
def unit_user(db):
    return UserFactory(role=Role.UNIT_STAFF, region=None)


@pytest.mark.parametrize(("status", "step"), OPINION_STEPS)
def test_office_staff_may_take_each_opinion_step_others_may_not(status, step, county_user, deputy_user, unit_user):
    item = OpinionItemFactory(status=status)
    assert can(county_user, step, item)
    assert not can(deputy_user, step, item)  # not the deputy the item was assigned to
    assert not can(unit_user, step, item)


def test_only_the_assigned_deputy_may_record_handling(county_user, deputy_user):
    other = UserFactory(role=Role.DEPUTY, region=None)
    DeputyFactory(person__user=other)
    item = OpinionItemFactory(status=OpinionStatus.ASSIGNED, assigned_deputy=deputy_user.person.mandates.get())
    assert can(deputy_user, "handle", item)
    assert not can(other, "handle", item)
    assert action_names(deputy_user, item) == {"handle", "escalate"}


@pytest.mark.parametrize(
    ("status", "step"),
    [(s, step) for s in OpinionStatus for _src, step in OPINION_STEPS if (s, step) not in OPINION_STEPS],
)
def test_no_step_from_a_status_it_does_not_start_from(status, step, county_user):
    assert not can(county_user, step, OpinionItemFactory(status=status))


def test_one_step_writes_one_history_row_and_one_audit_event(county_user):
    item = OpinionItemFactory()
    rows, audits = OpinionTransition.objects.count(), AuditEvent.objects.filter(action="transition").count()
    services.opinion_assign(actor=county_user, item=item, unit="城管局", note="请于月底前办理")
    assert OpinionTransition.objects.count() == rows + 1
    assert AuditEvent.objects.filter(action="transition").count() == audits + 1
    event = OpinionTransition.objects.latest("pk")
    assert (event.action, event.from_status, event.to_status, event.actor, event.note) == (
        "assign",
        "registered",
        "assigned",
        county_user,
        "请于月底前办理",
    )
    assert event.actor_label == county_user.get_display_name()
    assert event.due_date == item.step_due_date == datetime.date.today() + datetime.timedelta(days=15)
    audit = AuditEvent.objects.filter(action="transition").latest("pk")
    assert (audit.target_type, audit.target_id, audit.detail["action"]) == (
        "liaison_stations.OpinionItem",
        str(item.pk),
        "assign",
    )


def test_a_refused_step_writes_nothing(deputy_user):
    item = OpinionItemFactory()
    rows, audits = OpinionTransition.objects.count(), AuditEvent.objects.filter(action="transition").count()
    with pytest.raises(PermissionDenied):
        services.opinion_assign(actor=deputy_user, item=item, unit="城管局")
    assert OpinionTransition.objects.count() == rows
    assert AuditEvent.objects.filter(action="transition").count() == audits


def test_an_item_is_answered_without_supervision(county_user):
    item = OpinionItemFactory(status=OpinionStatus.HANDLED)
    services.opinion_reply(actor=county_user, item=item, reply="已修复，感谢反映。")
    item.refresh_from_db()
    assert item.status == OpinionStatus.REPLIED and item.supervision_note == ""
    assert item.step_due_date == datetime.date.today() + datetime.timedelta(days=5)
    services.opinion_close(actor=county_user, item=item)
    history = list(item.transitions.values_list("action", "from_status", "to_status"))
    assert history == [("reply", "handled", "replied"), ("close", "replied", "closed")]


def test_supervision_stays_possible_before_the_reply(county_user):
    item = OpinionItemFactory(status=OpinionStatus.HANDLED)
    services.opinion_supervise(actor=county_user, item=item, note="请加快办理")
    with pytest.raises(ApplicationError, match="不能督办"):
        services.opinion_supervise(actor=county_user, item=item, note="再督办一次")
    services.opinion_reply(actor=county_user, item=item, reply="已办理")
    item.refresh_from_db()
    assert (item.status, item.supervision_note) == (OpinionStatus.REPLIED, "请加快办理")


def test_the_handled_item_page_offers_reply_and_supervise(login, county_user):
    item = OpinionItemFactory(status=OpinionStatus.HANDLED)
    page = login(county_user).get(item.get_absolute_url()).content.decode()
    assert 'data-testid="transition-reply"' in page and 'data-testid="transition-supervise"' in page


def test_reply_from_the_page_without_supervision(login, county_user):
    item = OpinionItemFactory(status=OpinionStatus.HANDLED)
    response = login(county_user).post(
        reverse("liaison_stations:opinion_transition", args=[item.pk, "reply"]), {"reply": "已答复"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == OpinionStatus.REPLIED


def test_a_step_page_refuses_who_may_not_take_it(login, deputy_user, county_user):
    item = OpinionItemFactory(status=OpinionStatus.ASSIGNED, assigned_deputy=deputy_user.person.mandates.get())
    client = login(deputy_user)
    assert client.get(reverse("liaison_stations:opinion_transition", args=[item.pk, "handle"])).status_code == 200
    item_closed = OpinionItemFactory(status=OpinionStatus.CLOSED, assigned_deputy=item.assigned_deputy)
    refused = client.post(
        reverse("liaison_stations:opinion_transition", args=[item_closed.pk, "reopen"]), {"reason": "x"}
    )
    assert refused.status_code == 403
    item_closed.refresh_from_db()
    assert item_closed.status == OpinionStatus.CLOSED


def test_api_detail_lists_the_actions_available_to_the_caller(api_login, county_user):
    item = OpinionItemFactory(status=OpinionStatus.HANDLED)
    body = api_login(county_user).get(f"/api/opinion-items/{item.pk}/").json()
    assert [a["name"] for a in body["available_actions"]] == ["supervise", "reply"]


# Receptions
# ------------------------------------------------------------------------------


def test_reception_page_offers_recording_opinions_to_staff_only(login, county_user, deputy_user):
    reception = ReceptionFactory()
    reception.deputies.add(deputy_user.person.mandates.get())
    url = reverse("liaison_stations:reception_detail", args=[reception.pk])
    staff_page = login(county_user).get(url)
    assert 'data-testid="record-opinion"' in staff_page.content.decode()
    deputy_client = login(deputy_user)
    deputy_page = deputy_client.get(url)
    if deputy_page.status_code == 200:
        assert "登记本次接待收集的民情民意" not in deputy_page.content.decode()
    # What the page would have offered is indeed refused to them.
    assert deputy_client.get(reverse("liaison_stations:opinion_create")).status_code == 403
    assert not can(deputy_user, "record_opinion", reception)


# Inspection problems
# ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "step"),
    [
        (ProblemStatus.OPEN, "start_rectification"),
        (ProblemStatus.OPEN, "report_progress"),
        (ProblemStatus.OPEN, "rectify"),
        (ProblemStatus.RECTIFYING, "report_progress"),
        (ProblemStatus.RECTIFYING, "rectify"),
        (ProblemStatus.OPEN, "update_rectification"),
        (ProblemStatus.RECTIFYING, "update_rectification"),
    ],
)
def test_office_staff_rectify_problems_others_may_not(status, step, county_user, deputy_user):
    problem = InspectionProblemFactory(status=status)
    assert can(county_user, step, problem)
    assert not can(deputy_user, step, problem)


def test_a_rectified_problem_offers_nothing(county_user):
    problem = InspectionProblemFactory(status=ProblemStatus.RECTIFIED)
    assert action_names(county_user, problem) == set()


def test_problem_step_writes_one_history_row_and_one_audit_event(county_user):
    problem = InspectionProblemFactory()
    audits = AuditEvent.objects.filter(action="transition").count()
    services.problem_update_status(
        actor=county_user, problem=problem, status=ProblemStatus.RECTIFYING, rectification="已订购标识"
    )
    services.problem_update_status(
        actor=county_user, problem=problem, status=ProblemStatus.RECTIFYING, rectification="标识已到货"
    )
    history = list(
        InspectionProblemEvent.objects.filter(problem=problem).values_list(
            "action", "from_status", "to_status", "actor"
        )
    )
    assert history == [
        ("start_rectification", "open", "rectifying", county_user.pk),
        ("report_progress", "rectifying", "rectifying", county_user.pk),
    ]
    assert AuditEvent.objects.filter(action="transition").count() == audits + 2
    problem.refresh_from_db()
    assert (problem.status, problem.rectification) == (ProblemStatus.RECTIFYING, "标识已到货")


def test_a_problem_does_not_go_back_to_open(county_user):
    problem = InspectionProblemFactory(status=ProblemStatus.RECTIFYING)
    with pytest.raises(ApplicationError, match="不能变更为所选状态"):
        services.problem_update_status(actor=county_user, problem=problem, status=ProblemStatus.OPEN)


def test_county_clerk_updating_a_city_inspections_problem_lands_on_a_page_they_see(login, county_user, city_user):
    inspection = InspectionFactory(region=city_user.region)
    problem = InspectionProblemFactory(inspection=inspection)
    client = login(county_user)
    url = reverse("liaison_stations:problem_update", args=[problem.pk])
    response = client.post(url, {"status": ProblemStatus.RECTIFIED, "rectification": "已更换标识"})
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.RECTIFIED
    # The city's staff still land on the inspection.
    other = InspectionProblemFactory(inspection=inspection)
    response = login(city_user).post(
        reverse("liaison_stations:problem_update", args=[other.pk]),
        {"status": ProblemStatus.RECTIFYING, "rectification": "整改中"},
    )
    assert response["Location"] == reverse("liaison_stations:inspection_detail", args=[inspection.pk])


def test_problem_list_links_the_update_only_while_it_may_be_taken(login, county_user):
    InspectionProblemFactory(description="未整改问题")
    InspectionProblemFactory(description="已整改问题", status=ProblemStatus.RECTIFIED, rectification="ok")
    html = login(county_user).get(reverse("liaison_stations:problem_list")).content.decode()
    assert html.count("更新整改") == 1


def test_the_update_page_of_a_rectified_problem_sends_back_to_its_problems(login, county_user):
    problem = InspectionProblemFactory(status=ProblemStatus.RECTIFIED, rectification="ok")
    response = login(county_user).get(reverse("liaison_stations:problem_update", args=[problem.pk]), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == problem.get_absolute_url()
    assert "当前状态为“已整改”" in response.content.decode()
