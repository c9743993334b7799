"""The proposal workflows: who may take each step, the signature the old map lacked, and the trail of every move."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core.exceptions import ApplicationError
from core.models import AuditEvent
from core.rights import action_names, can
from core.workflow import workflow_for
from proposals import services
from proposals.choices import CosignStatus, ExtensionStatus, ProposalKind, ProposalStatus, ReplyClass
from proposals.models import Assignment, Cosignature, ExtensionRequest, Proposal
from proposals.workflow import ASSIGNMENT_RIGHTS, COSIGN_FLOW, EXTENSION_FLOW, PROPOSAL_FLOW
from tests.factories import staff
from tests.proposals.factories import draft, in_handling, mandate, registered, replied

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(db):
    return staff("330000", username="office")


@pytest.fixture
def city_office(db):
    """Staff of a city below the province: the provincial congress's proposals are not theirs."""
    return staff("330100", username="hangzhou")


def _submitted(session, deputy, **kwargs):
    proposal = draft(session, deputy, **kwargs)
    return services.proposal_submit(actor=deputy, proposal=proposal)


def _trail(proposal):
    """(history rows, transition audit events) written for the proposal so far."""
    audits = AuditEvent.objects.filter(
        action="transition", target_type="proposals.Proposal", target_id=str(proposal.pk)
    )
    return proposal.events.exclude(action="create").count(), audits.count()


# Every model with a status moves through a declared workflow
# ------------------------------------------------------------------------------


def test_every_status_model_of_the_app_has_its_workflow():
    assert workflow_for(Proposal) is PROPOSAL_FLOW
    assert workflow_for(Cosignature) is COSIGN_FLOW
    assert workflow_for(ExtensionRequest) is EXTENSION_FLOW
    assert workflow_for(Assignment) is ASSIGNMENT_RIGHTS


def test_the_lead_signature_after_a_reassignment_in_the_second_round_is_declared():
    """assignment_sign used to set 'rehandling' by hand: the old map had no assigned → rehandling."""
    step = PROPOSAL_FLOW.get("sign_rehandling")
    assert step.sources == {ProposalStatus.ASSIGNED} and step.target == ProposalStatus.REHANDLING
    assert ProposalStatus.REHANDLING in PROPOSAL_FLOW.targets_from(ProposalStatus.ASSIGNED)


# Who may take each step
# ------------------------------------------------------------------------------


def test_filing_steps_belong_to_the_filing_deputy(session, deputy, other_deputy, office):
    proposal = draft(session, deputy)
    for step in ("update", "invite", "submit"):
        assert can(deputy, step, proposal), step
        assert not can(other_deputy, step, proposal), step
        assert not can(office, step, proposal), step
    with pytest.raises(PermissionDenied):
        services.proposal_submit(actor=other_deputy, proposal=proposal)


def test_review_steps_belong_to_the_office_of_the_jurisdiction(session, deputy, office, city_office, unit_staff):
    proposal = _submitted(session, deputy)
    for step in ("register", "return"):
        assert can(office, step, proposal), step
        assert not can(city_office, step, proposal), step
        assert not can(deputy, step, proposal), step
        assert not can(unit_staff, step, proposal), step
    with pytest.raises(PermissionDenied):
        services.proposal_register(actor=deputy, proposal=proposal)
    with pytest.raises(PermissionDenied):
        services.proposal_register(actor=city_office, proposal=proposal)


def test_only_a_motion_converts_to_a_suggestion(session, deputy, other_deputy, office):
    suggestion = _submitted(session, deputy)
    assert not can(office, "convert", suggestion)
    motion = draft(session, deputy, kind=ProposalKind.MOTION, title="关于制定养老服务条例的议案")
    services.proposal_invite_cosigners(actor=deputy, proposal=motion, deputies=[mandate(other_deputy)])
    assert "cosign" in action_names(other_deputy, motion)
    services.proposal_cosign_confirm(actor=other_deputy, proposal=motion)
    motion.refresh_from_db()
    motion.session.min_motion_cosigners = 1
    motion.session.save()
    services.proposal_submit(actor=deputy, proposal=motion)
    motion.refresh_from_db()
    assert can(office, "convert", motion) and not can(deputy, "convert", motion)


def test_cosigning_is_answered_by_the_invited_deputy_only(session, deputy, other_deputy, office):
    proposal = draft(session, deputy)
    services.proposal_invite_cosigners(actor=deputy, proposal=proposal, deputies=[mandate(other_deputy)])
    cosign = proposal.cosignatures.get()
    assert can(other_deputy, "confirm", cosign) and can(other_deputy, "decline", cosign)
    assert not can(deputy, "confirm", cosign) and not can(office, "confirm", cosign)
    services.proposal_cosign_confirm(actor=other_deputy, proposal=proposal, accept=False)
    cosign.refresh_from_db()
    assert cosign.status == CosignStatus.DECLINED
    row = proposal.events.get(cosignature=cosign)
    assert (row.action, row.from_status, row.to_status) == ("decline", "invited", "declined")
    assert row.to_label == str(CosignStatus.DECLINED.label)


def test_assignment_belongs_to_the_office_and_signing_to_the_lead_unit(
    session, deputy, office, unit, unit_staff, other_unit_staff
):
    proposal = registered(session, deputy, office)
    assert can(office, "assign", proposal) and not can(deputy, "assign", proposal)
    assert not can(unit_staff, "assign", proposal)
    services.proposal_assign(actor=office, proposal=proposal, lead_unit=unit)
    proposal.refresh_from_db()
    lead = proposal.assignments.get()
    assert can(unit_staff, "sign", proposal) and can(unit_staff, "sign", lead)
    assert not can(other_unit_staff, "sign", proposal) and not can(other_unit_staff, "sign", lead)
    assert not can(office, "sign", proposal)
    assert can(office, "reassign", proposal) and not can(unit_staff, "reassign", proposal)


def test_handling_steps_belong_to_the_units_and_rating_to_the_deputy(
    session, deputy, other_deputy, office, unit, unit_staff, other_unit_staff
):
    proposal = in_handling(session, deputy, office, unit, unit_staff)
    proposal.refresh_from_db()
    lead = proposal.assignments.get()
    for step in ("contact", "stage", "reply", "extension_request"):
        assert can(unit_staff, step, proposal), step
        assert not can(other_unit_staff, step, proposal), step
        assert not can(deputy, step, proposal), step
        assert not can(office, step, proposal), step
    assert {"contact", "extension", "reply"} <= action_names(unit_staff, lead)
    assert action_names(other_unit_staff, lead) == set()
    proposal = replied(session, deputy, office, unit, unit_staff, title="关于另一件事的建议")
    assert can(deputy, "rate", proposal)
    assert not can(other_deputy, "rate", proposal) and not can(unit_staff, "rate", proposal)
    with pytest.raises(PermissionDenied):
        services.reply_rate(actor=other_deputy, proposal=proposal, work_rating="satisfied", result_rating="satisfied")


def test_extensions_are_decided_by_the_office(session, deputy, office, unit, unit_staff):
    proposal = in_handling(session, deputy, office, unit, unit_staff)
    lead = proposal.assignments.get()
    extension = services.extension_request(
        actor=unit_staff, assignment=lead, requested_deadline=lead.deadline + dt.timedelta(days=20), reason="需调研"
    )
    assert can(office, "approve", extension) and can(office, "decide", extension)
    assert not can(unit_staff, "approve", extension) and not can(deputy, "reject", extension)
    with pytest.raises(PermissionDenied):
        services.extension_decide(actor=unit_staff, extension=extension, approve=True)
    services.extension_decide(actor=office, extension=extension, approve=True, note="同意")
    extension.refresh_from_db()
    assert extension.status == ExtensionStatus.APPROVED
    row = proposal.events.get(extension=extension)
    assert (row.action, row.from_status, row.to_status) == ("approve", "pending", "approved")
    with pytest.raises(ApplicationError):
        services.extension_decide(actor=office, extension=extension, approve=False)


def test_a_step_from_the_wrong_status_is_refused(session, deputy, office):
    proposal = draft(session, deputy)
    with pytest.raises(ApplicationError):
        services.proposal_register(actor=office, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT


# One history row and one audit event per status change
# ------------------------------------------------------------------------------


def test_every_status_change_writes_one_history_row_and_one_audit_event(
    session, deputy, office, unit, unit_staff, other_unit, other_unit_staff
):
    proposal = draft(session, deputy)
    assert _trail(proposal) == (0, 0)
    expected = 0

    def step(call, status, action):
        nonlocal expected
        call()
        expected += 1
        proposal.refresh_from_db()
        assert proposal.status == status, action
        assert _trail(proposal) == (expected, expected), action
        last = proposal.events.latest("occurred_at", "pk")
        assert last.action == action and last.to_status == status
        audit = AuditEvent.objects.filter(target_type="proposals.Proposal", target_id=str(proposal.pk)).latest("pk")
        assert audit.detail["action"] == action and audit.detail["to"] == status

    step(lambda: services.proposal_submit(actor=deputy, proposal=proposal), ProposalStatus.SUBMITTED, "submit")
    step(lambda: services.proposal_register(actor=office, proposal=proposal), ProposalStatus.REGISTERED, "register")
    step(
        lambda: services.proposal_assign(actor=office, proposal=proposal, lead_unit=unit),
        ProposalStatus.ASSIGNED,
        "assign",
    )
    lead = proposal.assignments.get()
    step(lambda: services.assignment_sign(actor=unit_staff, assignment=lead), ProposalStatus.HANDLING, "sign")
    step(
        lambda: services.contact_record(
            actor=unit_staff, assignment=lead, contacted_on=dt.date.today(), way="phone", content="电话"
        ),
        ProposalStatus.HANDLING,
        "contact",
    )
    step(
        lambda: services.reply_submit(actor=unit_staff, proposal=proposal, text="答复", classification=ReplyClass.C),
        ProposalStatus.REPLIED,
        "reply",
    )
    step(
        lambda: services.reply_rate(
            actor=deputy, proposal=proposal, work_rating="unsatisfied", result_rating="basic", comment="不具体"
        ),
        ProposalStatus.REHANDLING,
        "rehandle",
    )
    step(
        lambda: services.proposal_reassign(actor=office, proposal=proposal, lead_unit=other_unit, reason="职责调整"),
        ProposalStatus.ASSIGNED,
        "reassign",
    )
    # The step the old map lacked: the new lead's signature resumes the second round.
    new_lead = proposal.assignments.get(active=True)
    assert can(other_unit_staff, "sign_rehandling", proposal) and not can(other_unit_staff, "sign", proposal)
    step(
        lambda: services.assignment_sign(actor=other_unit_staff, assignment=new_lead),
        ProposalStatus.REHANDLING,
        "sign_rehandling",
    )
    last = proposal.events.latest("occurred_at", "pk")
    assert (last.from_status, last.actor) == (ProposalStatus.ASSIGNED, other_unit_staff)


# Pages and API offer what the rules allow
# ------------------------------------------------------------------------------


def test_the_record_page_offers_each_reader_their_steps_and_refuses_the_others(
    login, session, deputy, office, unit_staff
):
    proposal = _submitted(session, deputy)
    staff_page = login(office).get(proposal.get_absolute_url()).content.decode()
    assert 'data-testid="btn-register"' in staff_page and 'data-testid="btn-return-link"' in staff_page
    deputy_client = login(deputy)
    deputy_page = deputy_client.get(proposal.get_absolute_url()).content.decode()
    assert 'data-testid="btn-register"' not in deputy_page and 'data-testid="btn-submit-proposal"' not in deputy_page
    assert deputy_client.post(reverse("proposals:proposal_register", args=[proposal.pk])).status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    assert deputy_client.get(reverse("proposals:proposal_step", args=[proposal.pk, "no-such-step"])).status_code == 404


def test_the_api_detail_lists_the_available_actions(api_login, session, deputy, office):
    proposal = _submitted(session, deputy)
    names = {a["name"] for a in api_login(office).get(f"/api/proposals/{proposal.pk}/").json()["available_actions"]}
    assert {"register", "return"} <= names and "submit" not in names
    mine = {a["name"] for a in api_login(deputy).get(f"/api/proposals/{proposal.pk}/").json()["available_actions"]}
    assert not mine & {"register", "return", "submit", "update"}
