"""The one workflow engine: a move is checked, locked, saved, logged and audited once."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from core.exceptions import ApplicationError
from core.models import AuditEvent
from core.rights import available_actions, can, require
from core.workflow import Workflow, move, transition, workflow_for
from deputies.choices import DeputyStatus
from deputies.models import Deputy, DeputyStatusChange
from deputies.workflow import MANDATE_FLOW
from tests.deputies.factories import DeputyFactory, congress_for

pytestmark = pytest.mark.django_db


def test_a_move_saves_the_status_writes_one_history_row_and_one_audit_event(county_user):
    deputy = DeputyFactory()
    audits_before = AuditEvent.objects.filter(action="transition").count()

    returned = move(
        MANDATE_FLOW,
        deputy,
        "resign",
        actor=county_user,
        note="工作调动",
        event={"effective_date": dt.date(2025, 3, 1)},
        status_reason="工作调动",
    )

    stored = Deputy.objects.get(pk=deputy.pk)
    assert (stored.status, stored.status_reason) == (DeputyStatus.RESIGNED, "工作调动")
    assert deputy.status == returned.status == DeputyStatus.RESIGNED  # the caller's object follows
    event = DeputyStatusChange.objects.get(deputy=deputy)
    assert (event.action, event.from_status, event.to_status, event.note, event.actor) == (
        "resign",
        DeputyStatus.SERVING,
        DeputyStatus.RESIGNED,
        "工作调动",
        county_user,
    )
    assert (event.from_label, event.to_label) == ("在任", "辞职")
    audit = AuditEvent.objects.filter(action="transition").exclude(pk__in=[]).latest("pk")
    assert AuditEvent.objects.filter(action="transition").count() == audits_before + 1
    assert audit.detail == {"action": "resign", "from": "serving", "to": "resigned"}
    assert audit.target_id == str(deputy.pk)


def test_a_move_from_a_status_it_does_not_start_from_is_refused_and_changes_nothing(county_user):
    deputy = DeputyFactory(status=DeputyStatus.DECEASED)
    with pytest.raises(ApplicationError, match="当前状态为“去世”"):
        move(MANDATE_FLOW, deputy, "resign", actor=county_user, event={"effective_date": dt.date(2025, 3, 1)})
    assert Deputy.objects.get(pk=deputy.pk).status == DeputyStatus.DECEASED
    assert not DeputyStatusChange.objects.filter(deputy=deputy).exists()


def provincial_deputy_in_hangzhou():
    return DeputyFactory(code="330100", congress=congress_for("330000"))


def test_a_move_the_rule_refuses_is_denied(city_user):
    """A city office sees the provincial deputies elected in its area but does not manage their mandates."""
    deputy = provincial_deputy_in_hangzhou()
    assert Deputy.objects.visible_to(city_user).filter(pk=deputy.pk).exists()
    with pytest.raises(PermissionDenied):
        move(MANDATE_FLOW, deputy, "decease", actor=city_user, event={"effective_date": dt.date(2025, 3, 1)})
    assert Deputy.objects.get(pk=deputy.pk).status == DeputyStatus.SERVING


def test_a_record_out_of_the_actors_jurisdiction_cannot_be_moved(other_county_user):
    deputy = DeputyFactory()
    with pytest.raises(PermissionDenied):
        move(MANDATE_FLOW, deputy, "resign", actor=other_county_user, event={"effective_date": dt.date(2025, 3, 1)})


def test_rights_answer_what_the_page_offers(province_user, city_user):
    deputy = provincial_deputy_in_hangzhou()
    assert [a.name for a in available_actions(province_user, deputy)] == ["resign", "terminate", "decease"]
    assert available_actions(city_user, deputy) == []
    assert can(province_user, "resign", deputy) and not can(city_user, "resign", deputy)
    deputy.status = DeputyStatus.RESIGNED  # an unsaved object: rights read the status they are given
    assert available_actions(province_user, deputy) == []
    with pytest.raises(ApplicationError):
        require(province_user, "terminate", deputy)


def test_a_declaration_with_an_unknown_state_or_a_duplicate_name_is_refused():
    with pytest.raises(ValueError, match="unknown states"):
        Workflow(
            model=Deputy,
            event_model=DeputyStatusChange,
            event_fk="deputy",
            transitions=[transition("x", sources=["nowhere"], target=DeputyStatus.RESIGNED, label="x")],
        )
    with pytest.raises(ValueError, match="declared twice"):
        Workflow(
            model=Deputy,
            event_model=DeputyStatusChange,
            event_fk="deputy",
            transitions=[
                transition("x", sources=[DeputyStatus.SERVING], target=DeputyStatus.RESIGNED, label="x"),
                transition("x", sources=[DeputyStatus.SERVING], target=DeputyStatus.DECEASED, label="x"),
            ],
        )
    # A refused declaration does not replace the real one.
    assert workflow_for(Deputy) is MANDATE_FLOW
