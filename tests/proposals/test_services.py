import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from core.exceptions import ApplicationError
from proposals import services
from proposals.choices import (
    ContactWay,
    CosignStatus,
    EventAction,
    HandlingStage,
    ProposalKind,
    ProposalStatus,
    ReplyClass,
    Satisfaction,
)
from proposals.models import Proposal, Rating, Reply
from tests.factories import staff
from tests.proposals.factories import (
    HandlingUnitFactory,
    SessionFactory,
    deputy_user,
    draft,
    in_handling,
    mandate,
    registered,
    replied,
    unit_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(db):
    return staff("330000", username="office")


def _contact(unit_staff, proposal, unit):
    lead = proposal.assignments.get(unit=unit, active=True)
    return services.contact_record(
        actor=unit_staff, assignment=lead, contacted_on=dt.date.today(), way=ContactWay.VISIT, content="上门听取意见"
    )


class TestFiling:
    def test_draft_is_visible_only_to_its_deputy(self, session, deputy, other_deputy, office):
        proposal = draft(session, deputy)
        assert Proposal.objects.visible_to(deputy).filter(pk=proposal.pk).exists()
        assert not Proposal.objects.visible_to(other_deputy).filter(pk=proposal.pk).exists()
        assert not Proposal.objects.visible_to(office).filter(pk=proposal.pk).exists()
        services.proposal_submit(actor=deputy, proposal=proposal)
        assert Proposal.objects.visible_to(office).filter(pk=proposal.pk).exists()
        assert not Proposal.objects.visible_to(other_deputy).filter(pk=proposal.pk).exists()

    def test_invited_cosigner_reads_the_draft(self, session, deputy, other_deputy):
        proposal = draft(session, deputy, kind=ProposalKind.MOTION)
        services.proposal_invite_cosigners(actor=deputy, proposal=proposal, deputies=[mandate(other_deputy)])
        assert Proposal.objects.visible_to(other_deputy).filter(pk=proposal.pk).exists()

    def test_motion_with_too_few_cosigners_cannot_be_submitted(self, session, deputy, other_deputy, congress):
        third = deputy_user(congress)
        proposal = draft(session, deputy, kind=ProposalKind.MOTION, title="关于制定数据条例的议案")
        services.proposal_invite_cosigners(
            actor=deputy, proposal=proposal, deputies=[mandate(other_deputy), mandate(third)]
        )
        services.proposal_cosign_confirm(actor=other_deputy, proposal=proposal)
        with pytest.raises(ApplicationError, match="至少 2 名代表附议"):
            services.proposal_submit(actor=deputy, proposal=proposal)
        services.proposal_cosign_confirm(actor=third, proposal=proposal)
        services.proposal_submit(actor=deputy, proposal=proposal)
        proposal.refresh_from_db()
        assert proposal.status == ProposalStatus.SUBMITTED
        assert proposal.cosignatures.filter(status=CosignStatus.CONFIRMED).count() == 2

    def test_declined_cosigner_does_not_count(self, session, deputy, other_deputy, congress):
        third = deputy_user(congress)
        proposal = draft(session, deputy, kind=ProposalKind.MOTION)
        services.proposal_invite_cosigners(
            actor=deputy, proposal=proposal, deputies=[mandate(other_deputy), mandate(third)]
        )
        services.proposal_cosign_confirm(actor=other_deputy, proposal=proposal)
        services.proposal_cosign_confirm(actor=third, proposal=proposal, accept=False)
        with pytest.raises(ApplicationError):
            services.proposal_submit(actor=deputy, proposal=proposal)

    def test_only_invited_deputies_can_cosign(self, session, deputy, other_deputy):
        proposal = draft(session, deputy, kind=ProposalKind.MOTION)
        with pytest.raises(PermissionDenied):
            services.proposal_cosign_confirm(actor=other_deputy, proposal=proposal)

    def test_another_deputy_cannot_submit(self, session, deputy, other_deputy):
        proposal = draft(session, deputy)
        with pytest.raises(PermissionDenied):
            services.proposal_submit(actor=other_deputy, proposal=proposal)

    def test_deputy_of_another_congress_cannot_file(self, session):
        from tests.factories import region
        from tests.proposals.factories import CongressFactory

        outsider = deputy_user(CongressFactory(region=region("330100"), level="city", term_number=16))
        with pytest.raises(ApplicationError):
            draft(session, outsider)

    def test_filing_window_is_enforced(self, congress, deputy):
        session = SessionFactory(
            congress=congress, filing_opens=dt.date(2026, 1, 10), filing_closes=dt.date(2026, 1, 20)
        )
        proposal = draft(session, deputy)
        with (
            time_machine.travel(dt.datetime(2026, 1, 21, 12, tzinfo=dt.UTC)),
            pytest.raises(ApplicationError, match="提出期限"),
        ):
            services.proposal_submit(actor=deputy, proposal=proposal)
        with time_machine.travel(dt.datetime(2026, 1, 15, 12, tzinfo=dt.UTC)):
            services.proposal_submit(actor=deputy, proposal=proposal)

    def test_attachment_type_and_size_are_checked(self, session, deputy):
        proposal = draft(session, deputy)
        with pytest.raises(ApplicationError, match="不支持的附件类型"):
            services.attachment_add(actor=deputy, proposal=proposal, upload=SimpleUploadedFile("x.exe", b"MZ"))
        big = SimpleUploadedFile("big.pdf", b"0" * (services.MAX_ATTACHMENT_BYTES + 1))
        with pytest.raises(ApplicationError, match="20 MB"):
            services.attachment_add(actor=deputy, proposal=proposal, upload=big)
        services.attachment_add(actor=deputy, proposal=proposal, upload=SimpleUploadedFile("a.pdf", b"%PDF"))
        assert proposal.attachments.count() == 1


class TestReview:
    def test_register_numbers_per_session_and_kind(self, session, deputy, office, congress):
        first = registered(session, deputy, office)
        second = registered(session, deputy, office)
        other_kind = registered(session, deputy, office, kind=ProposalKind.CLOSED_SUGGESTION)
        other_session = registered(SessionFactory(congress=congress), deputy, office)
        assert (first.number, second.number, other_kind.number, other_session.number) == (1, 2, 1, 1)
        assert second.display_number == "第0002号"

    def test_return_needs_a_reason_and_the_deputy_can_resubmit(self, session, deputy, office):
        proposal = draft(session, deputy)
        services.proposal_submit(actor=deputy, proposal=proposal)
        with pytest.raises(ApplicationError):
            services.proposal_return(actor=office, proposal=proposal, reason=" ")
        services.proposal_return(actor=office, proposal=proposal, reason="请补充具体措施")
        proposal.refresh_from_db()
        assert proposal.status == ProposalStatus.RETURNED
        assert deputy.notifications.filter(title__contains="退回").exists()
        services.proposal_update_draft(
            actor=deputy, proposal=proposal, title=proposal.title, body="补充了措施", category=proposal.category
        )
        services.proposal_submit(actor=deputy, proposal=proposal)
        proposal.refresh_from_db()
        assert proposal.status == ProposalStatus.SUBMITTED

    def test_motion_converted_to_suggestion_is_numbered_as_suggestion(self, session, deputy, office, congress):
        cosigners = [deputy_user(congress), deputy_user(congress)]
        proposal = draft(session, deputy, kind=ProposalKind.MOTION)
        services.proposal_invite_cosigners(actor=deputy, proposal=proposal, deputies=[mandate(u) for u in cosigners])
        for user in cosigners:
            services.proposal_cosign_confirm(actor=user, proposal=proposal)
        services.proposal_submit(actor=deputy, proposal=proposal)
        services.proposal_convert_to_suggestion(actor=office, proposal=proposal, note="不属于人大职权范围")
        services.proposal_register(actor=office, proposal=proposal)
        proposal.refresh_from_db()
        assert proposal.kind == ProposalKind.SESSION_SUGGESTION
        assert proposal.converted_from_motion is True
        assert proposal.number == 1

    def test_staff_of_another_city_cannot_register(self, session, deputy, other_county_user):
        proposal = draft(session, deputy)
        services.proposal_submit(actor=deputy, proposal=proposal)
        with pytest.raises(PermissionDenied):
            services.proposal_register(actor=other_county_user, proposal=proposal)

    def test_deputy_cannot_register(self, session, deputy):
        proposal = draft(session, deputy)
        services.proposal_submit(actor=deputy, proposal=proposal)
        with pytest.raises(PermissionDenied):
            services.proposal_register(actor=deputy, proposal=proposal)

    def test_register_twice_is_refused(self, session, deputy, office):
        proposal = registered(session, deputy, office)
        with pytest.raises(ApplicationError, match="已立案"):
            services.proposal_register(actor=office, proposal=proposal)


class TestAssignmentAndHandling:
    @time_machine.travel(dt.datetime(2026, 7, 1, 10, tzinfo=dt.UTC))
    def test_assignment_sets_a_three_month_deadline_on_a_working_day(self, session, deputy, office, unit):
        proposal = registered(session, deputy, office)
        services.proposal_assign(actor=office, proposal=proposal, lead_unit=unit)
        proposal.refresh_from_db()
        # 1 October 2026 falls in the National Day holiday (1–7 October); 8 October is the next working day.
        assert proposal.deadline == dt.date(2026, 10, 8)
        assert proposal.status == ProposalStatus.ASSIGNED

    def test_unit_sees_only_its_own_suggestions(self, session, deputy, office, unit, unit_staff, other_unit_staff):
        mine = in_handling(session, deputy, office, unit, unit_staff)
        visible = Proposal.objects.visible_to(unit_staff)
        assert list(visible) == [mine]
        assert not Proposal.objects.visible_to(other_unit_staff).exists()
        with pytest.raises(PermissionDenied):
            services.reply_submit(actor=other_unit_staff, proposal=mine, text="x", classification=ReplyClass.A)

    def test_sign_starts_handling_and_the_communicate_stage(self, session, deputy, office, unit, unit_staff):
        proposal = in_handling(session, deputy, office, unit, unit_staff)
        proposal.refresh_from_db()
        lead = proposal.assignments.get()
        assert proposal.status == ProposalStatus.HANDLING
        assert lead.stage == HandlingStage.COMMUNICATE
        assert lead.stage_records.get().stage == HandlingStage.ACCEPT

    def test_reply_needs_a_recorded_contact_with_the_deputy(self, session, deputy, office, unit, unit_staff):
        proposal = in_handling(session, deputy, office, unit, unit_staff)
        with pytest.raises(ApplicationError, match="沟通联系"):
            services.reply_submit(actor=unit_staff, proposal=proposal, text="答复", classification=ReplyClass.A)
        _contact(unit_staff, proposal, unit)
        reply = services.reply_submit(actor=unit_staff, proposal=proposal, text="答复", classification=ReplyClass.A)
        proposal.refresh_from_db()
        assert proposal.status == ProposalStatus.REPLIED
        assert reply.on_time is True
        assert proposal.assignments.get().stage == HandlingStage.DONE
        assert deputy.notifications.filter(title__contains="请评价").exists()

    def test_stages_advance_in_order(self, session, deputy, office, unit, unit_staff):
        proposal = in_handling(session, deputy, office, unit, unit_staff)
        lead = proposal.assignments.get()
        with pytest.raises(ApplicationError, match="沟通联系"):
            services.handling_stage_complete(actor=unit_staff, assignment=lead)
        _contact(unit_staff, proposal, unit)
        assert services.handling_stage_complete(actor=unit_staff, assignment=lead).stage == HandlingStage.IMPLEMENT
        assert services.handling_stage_complete(actor=unit_staff, assignment=lead).stage == HandlingStage.REPORT
        with pytest.raises(ApplicationError):
            services.handling_stage_complete(actor=unit_staff, assignment=lead)

    def test_lead_waits_for_the_co_handling_opinion(self, session, deputy, office, unit, unit_staff, other_unit):
        co_staff = unit_user(other_unit)
        proposal = in_handling(session, deputy, office, unit, unit_staff, co_units=[other_unit])
        _contact(unit_staff, proposal, unit)
        assert Proposal.objects.visible_to(co_staff).filter(pk=proposal.pk).exists()
        with pytest.raises(ApplicationError, match="协办单位"):
            services.reply_submit(actor=unit_staff, proposal=proposal, text="答复", classification=ReplyClass.B)
        co = proposal.assignments.get(unit=other_unit)
        services.cohandling_opinion_submit(actor=co_staff, assignment=co, opinion="同意主办单位意见")
        services.reply_submit(actor=unit_staff, proposal=proposal, text="答复", classification=ReplyClass.B)

    def test_reassign_moves_visibility_and_keeps_the_deadline(
        self, session, deputy, office, unit, unit_staff, other_unit, other_unit_staff
    ):
        proposal = in_handling(session, deputy, office, unit, unit_staff)
        proposal.refresh_from_db()
        deadline = proposal.deadline
        with pytest.raises(ApplicationError):
            services.proposal_reassign(actor=office, proposal=proposal, lead_unit=other_unit, reason="")
        services.proposal_reassign(actor=office, proposal=proposal, lead_unit=other_unit, reason="职能调整")
        proposal.refresh_from_db()
        assert proposal.status == ProposalStatus.ASSIGNED
        assert proposal.deadline == deadline
        assert not Proposal.objects.visible_to(unit_staff).filter(pk=proposal.pk).exists()
        assert Proposal.objects.visible_to(other_unit_staff).filter(pk=proposal.pk).exists()

    def test_unit_of_another_region_cannot_be_assigned(self, session, deputy, office):
        from tests.factories import region

        city_unit = HandlingUnitFactory(region=region("330100"), name="杭州市民政局")
        proposal = registered(session, deputy, office)
        with pytest.raises(ApplicationError, match="不属于本级"):
            services.proposal_assign(actor=office, proposal=proposal, lead_unit=city_unit)

    @time_machine.travel(dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC))
    def test_extension_is_capped_at_six_months_and_approved_by_the_office(
        self, session, deputy, office, unit, unit_staff
    ):
        proposal = in_handling(session, deputy, office, unit, unit_staff)
        lead = proposal.assignments.get()
        with pytest.raises(ApplicationError, match="不能晚于"):
            services.extension_request(
                actor=unit_staff, assignment=lead, requested_deadline=dt.date(2026, 9, 30), reason="需要调研"
            )
        extension = services.extension_request(
            actor=unit_staff, assignment=lead, requested_deadline=dt.date(2026, 8, 31), reason="需要调研"
        )
        with pytest.raises(PermissionDenied):
            services.extension_decide(actor=unit_staff, extension=extension, approve=True)
        services.extension_decide(actor=office, extension=extension, approve=True)
        proposal.refresh_from_db()
        lead.refresh_from_db()
        assert proposal.deadline == lead.deadline == dt.date(2026, 8, 31)

    def test_late_reply_is_marked_not_on_time(self, session, deputy, office, unit, unit_staff):
        proposal = in_handling(session, deputy, office, unit, unit_staff)
        _contact(unit_staff, proposal, unit)
        with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=200)):
            reply = services.reply_submit(actor=unit_staff, proposal=proposal, text="迟复", classification=ReplyClass.C)
        assert reply.on_time is False


class TestRating:
    def test_satisfied_rating_closes(self, session, deputy, office, unit, unit_staff):
        proposal = replied(session, deputy, office, unit, unit_staff)
        services.reply_rate(
            actor=deputy, proposal=proposal, work_rating=Satisfaction.SATISFIED, result_rating=Satisfaction.BASIC
        )
        proposal.refresh_from_db()
        assert proposal.status == ProposalStatus.CLOSED

    def test_only_the_filing_deputy_rates(self, session, deputy, other_deputy, office, unit, unit_staff):
        proposal = replied(session, deputy, office, unit, unit_staff)
        with pytest.raises(PermissionDenied):
            services.reply_rate(
                actor=other_deputy, proposal=proposal, work_rating="satisfied", result_rating="satisfied"
            )

    def test_unsatisfied_needs_a_reason(self, session, deputy, office, unit, unit_staff):
        proposal = replied(session, deputy, office, unit, unit_staff)
        with pytest.raises(ApplicationError, match="说明理由"):
            services.reply_rate(actor=deputy, proposal=proposal, work_rating="satisfied", result_rating="unsatisfied")

    def test_unsatisfied_sends_back_for_a_second_round_keeping_the_first(
        self, session, deputy, office, unit, unit_staff
    ):
        proposal = replied(session, deputy, office, unit, unit_staff, classification=ReplyClass.C)
        services.reply_rate(
            actor=deputy,
            proposal=proposal,
            work_rating=Satisfaction.BASIC,
            result_rating=Satisfaction.UNSATISFIED,
            comment="没有实质措施",
        )
        proposal.refresh_from_db()
        assert proposal.status == ProposalStatus.REHANDLING
        assert proposal.round == 2
        assert unit_staff.notifications.filter(title__contains="重新办理").exists()
        # The second round needs its own contact before the reply.
        with pytest.raises(ApplicationError, match="沟通联系"):
            services.reply_submit(actor=unit_staff, proposal=proposal, text="再答复", classification=ReplyClass.B)
        _contact(unit_staff, proposal, unit)
        services.reply_submit(actor=unit_staff, proposal=proposal, text="再答复", classification=ReplyClass.B)
        services.reply_rate(
            actor=deputy, proposal=proposal, work_rating="unsatisfied", result_rating="unsatisfied", comment="仍不满意"
        )
        proposal.refresh_from_db()
        # At most one re-handling; the second unsatisfied rating closes it and stays in the statistics.
        assert proposal.status == ProposalStatus.CLOSED
        replies = list(Reply.objects.filter(proposal=proposal).order_by("round"))
        assert [(r.round, r.classification, r.text) for r in replies] == [(1, "C", "答复内容"), (2, "B", "再答复")]
        assert Rating.objects.filter(reply__proposal=proposal).count() == 2
        assert replies[0].rating.comment == "没有实质措施"

    def test_history_records_every_transition(self, session, deputy, office, unit, unit_staff):
        proposal = replied(session, deputy, office, unit, unit_staff)
        services.reply_rate(actor=deputy, proposal=proposal, work_rating="satisfied", result_rating="satisfied")
        actions = list(proposal.events.values_list("action", flat=True))
        assert actions[:4] == [EventAction.CREATE, EventAction.SUBMIT, EventAction.REGISTER, EventAction.ASSIGN]
        assert EventAction.REPLY in actions and actions[-1] == EventAction.RATE
        last = proposal.events.last()
        assert (last.from_status, last.to_status) == (ProposalStatus.REPLIED, ProposalStatus.CLOSED)


class TestKeySupervision:
    def test_key_supervision_of_a_registered_suggestion(self, session, deputy, office):
        proposal = registered(session, deputy, office)
        supervision = services.key_supervision_set(actor=office, proposal=proposal, leader="王副主任")
        services.supervision_record_add(
            actor=office, supervision=supervision, happened_on=dt.date.today(), content="实地督办"
        )
        assert proposal.key_supervision.records.count() == 1

    def test_drafts_cannot_be_supervised(self, session, deputy, office):
        proposal = draft(session, deputy)
        services.proposal_submit(actor=deputy, proposal=proposal)
        with pytest.raises(ApplicationError):
            services.key_supervision_set(actor=office, proposal=proposal, leader="王副主任")
