import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from proposals import services
from proposals.choices import ProposalCategory, ProposalKind, ProposalStatus, ReplyClass
from proposals.models import Proposal
from tests.factories import staff
from tests.proposals.factories import draft, in_handling, registered, replied

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(db):
    return staff("330000", username="office")


def test_home_sends_each_role_to_its_page(login, deputy, office, unit_staff, client):
    assert login(deputy).get("/proposals/").url == reverse("proposals:my_space")
    assert login(office).get("/proposals/").url == reverse("proposals:overview")
    assert login(unit_staff).get("/proposals/").url == reverse("proposals:unit_queue")


def test_the_whole_flow_through_the_pages(client, session, deputy, office, unit, unit_staff):
    """The browser test's flow: file, register, assign, sign, contact, reply, rate."""
    client.force_login(deputy)
    response = client.post(
        reverse("proposals:proposal_create"),
        {
            "session": session.pk,
            "kind": ProposalKind.SESSION_SUGGESTION,
            "title": "关于增设社区老年食堂的建议",
            "category": ProposalCategory.SOCIAL,
            "body": "建议在各街道增设老年食堂。",
            "disclosure_agreed": "on",
            "attachments": [SimpleUploadedFile("调研报告.pdf", b"%PDF-1.4")],
            "action": "submit",
        },
    )
    proposal = Proposal.objects.get(title="关于增设社区老年食堂的建议")
    assert response.url == proposal.get_absolute_url()
    assert proposal.status == ProposalStatus.SUBMITTED
    assert proposal.attachments.get().name == "调研报告.pdf"
    assert "关于增设社区老年食堂的建议" in client.get(reverse("proposals:my_space")).content.decode()

    client.force_login(office)
    detail = client.get(proposal.get_absolute_url()).content.decode()
    assert 'data-testid="btn-register"' in detail
    client.post(reverse("proposals:proposal_register", args=[proposal.pk]))
    client.post(reverse("proposals:proposal_assign", args=[proposal.pk]), {"lead_unit": unit.pk})
    proposal.refresh_from_db()
    assert (proposal.status, proposal.number) == (ProposalStatus.ASSIGNED, 1)

    client.force_login(unit_staff)
    assert "关于增设社区老年食堂的建议" in client.get(reverse("proposals:unit_queue")).content.decode()
    lead = proposal.assignments.get()
    client.post(reverse("proposals:assignment_sign", args=[lead.pk]))
    response = client.post(
        reverse("proposals:proposal_reply", args=[proposal.pk]), {"classification": "A", "text": "已采纳"}
    )
    assert "答复前须与代表沟通联系并记录" in response.content.decode()
    client.post(
        reverse("proposals:contact_record", args=[lead.pk]),
        {"contacted_on": dt.date.today().isoformat(), "way": "visit", "content": "上门听取意见"},
    )
    client.post(
        reverse("proposals:proposal_reply", args=[proposal.pk]),
        {"classification": "A", "text": "已采纳，明年增设10个老年食堂。", "is_public": "on"},
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REPLIED

    client.force_login(deputy)
    assert 'data-testid="btn-rate-link"' in client.get(proposal.get_absolute_url()).content.decode()
    client.post(
        reverse("proposals:proposal_rate", args=[proposal.pk]),
        {"work_rating": "satisfied", "result_rating": "satisfied", "comment": ""},
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CLOSED

    client.logout()
    public = client.get(reverse("proposals:public_list")).content.decode()
    assert "已采纳，明年增设10个老年食堂。" in public


def test_motion_form_refuses_submission_without_cosigners(client, session, deputy):
    client.force_login(deputy)
    response = client.post(
        reverse("proposals:proposal_create"),
        {
            "session": session.pk,
            "kind": ProposalKind.MOTION,
            "title": "关于制定养老服务条例的议案",
            "category": ProposalCategory.SOCIAL,
            "body": "议案内容",
            "action": "submit",
        },
        follow=True,
    )
    assert "草稿已保存，但未能提交：议案须有至少 2 名代表附议" in response.content.decode()
    # The draft is kept; nothing was submitted.
    assert Proposal.objects.get().status == ProposalStatus.DRAFT


def test_others_cannot_open_a_draft(login, session, deputy, other_deputy, office):
    proposal = draft(session, deputy)
    assert login(deputy).get(proposal.get_absolute_url()).status_code == 200
    assert login(other_deputy).get(proposal.get_absolute_url()).status_code == 404
    assert login(office).get(proposal.get_absolute_url()).status_code == 404


def test_unit_cannot_open_another_units_suggestion(login, session, deputy, office, unit, unit_staff, other_unit_staff):
    proposal = in_handling(session, deputy, office, unit, unit_staff)
    assert login(unit_staff).get(proposal.get_absolute_url()).status_code == 200
    assert login(other_unit_staff).get(proposal.get_absolute_url()).status_code == 404
    assert "关于加强农村养老服务的建议" not in login(other_unit_staff).get("/proposals/queue/").content.decode()


def test_confidential_text_never_reaches_the_public_page(client, session, deputy, office, unit, unit_staff):
    proposal = in_handling(session, deputy, office, unit, unit_staff)
    lead = proposal.assignments.get()
    services.contact_record(
        actor=unit_staff, assignment=lead, contacted_on=dt.date.today(), way="phone", content="电话"
    )
    services.reply_submit(
        actor=unit_staff,
        proposal=proposal,
        text="答复正文：已列入计划",
        confidential_text="内部数据不公开",
        classification=ReplyClass.B,
        is_public=True,
    )
    assert "答复正文：已列入计划" not in client.get("/proposals/public/").content.decode()  # not rated yet
    services.reply_rate(actor=deputy, proposal=proposal, work_rating="satisfied", result_rating="basic")
    page = client.get("/proposals/public/").content.decode()
    assert "答复正文：已列入计划" in page
    assert "内部数据不公开" not in page


def test_staff_review_shows_similar_titles(login, session, deputy, office):
    registered(session, deputy, office, title="关于加快农村养老服务体系建设的建议")
    new = draft(session, deputy, title="关于完善农村养老服务体系的建议")
    services.proposal_submit(actor=deputy, proposal=new)
    page = login(office).get(new.get_absolute_url()).content.decode()
    assert 'data-testid="similar-titles"' in page
    assert "关于加快农村养老服务体系建设的建议" in page


def test_return_form_requires_a_reason(login, session, deputy, office):
    proposal = draft(session, deputy)
    services.proposal_submit(actor=deputy, proposal=proposal)
    client = login(office)
    response = client.post(reverse("proposals:proposal_return", args=[proposal.pk]), {"reason": ""})
    assert response.status_code == 200
    client.post(reverse("proposals:proposal_return", args=[proposal.pk]), {"reason": "请补充数据"})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.RETURNED


def test_deputy_cannot_reach_the_overview(login, deputy):
    assert login(deputy).get("/proposals/overview/").status_code == 403


def _make_rows(n, session, deputy, office, unit, unit_staff):
    for _ in range(n):
        replied(session, deputy, office, unit, unit_staff)


@pytest.mark.parametrize("path", ["/proposals/list/", "/api/proposals/"])
def test_list_queries_do_not_grow_with_rows(
    path, client, session, deputy, office, unit, unit_staff, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(office)
    _make_rows(3, session, deputy, office, unit, unit_staff)
    with CaptureQueriesContext(connection) as few:
        assert client.get(path).status_code == 200
    _make_rows(27, session, deputy, office, unit, unit_staff)
    with CaptureQueriesContext(connection) as many:
        assert client.get(path).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_unit_queue_queries_do_not_grow(client, session, deputy, office, unit, unit_staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(unit_staff)
    _make_rows(3, session, deputy, office, unit, unit_staff)
    with CaptureQueriesContext(connection) as few:
        client.get("/proposals/queue/")
    _make_rows(27, session, deputy, office, unit, unit_staff)
    with CaptureQueriesContext(connection) as many:
        client.get("/proposals/queue/")
    assert len(many.captured_queries) == len(few.captured_queries)


def test_export_job_writes_the_filtered_list(
    login, session, deputy, office, unit, unit_staff, django_capture_on_commit_callbacks
):
    from openpyxl import load_workbook

    from core.models import Job

    replied(session, deputy, office, unit, unit_staff)
    registered(session, deputy, office, title="另一件建议")
    with django_capture_on_commit_callbacks(execute=True):
        response = login(office).post("/proposals/list/?status=replied", {"export": "xlsx"})
    job = Job.objects.get()
    assert response.url == f"/jobs/{job.pk}/"
    job.refresh_from_db()
    assert job.status == "succeeded", job.message
    sheet = load_workbook(job.result_file.open("rb")).active
    rows = list(sheet.values)
    assert rows[0][:4] == ("序号", "编号", "标题", "类别")
    assert len(rows) == 2
    assert rows[1][2] == "关于加强农村养老服务的建议"


def test_every_page_renders_for_its_roles(login, client, session, deputy, office, unit, unit_staff):
    proposal = replied(session, deputy, office, unit, unit_staff)
    services.key_supervision_set(actor=office, proposal=proposal, leader="王副主任")
    # A step's page opens while the step can be taken (core.rights): contact, during handling.
    handling = in_handling(session, deputy, office, unit, unit_staff, title="关于办理中页面的建议")
    lead = handling.assignments.get()
    pages = {
        office: [
            "/proposals/overview/",
            f"/proposals/overview/?session={session.pk}&kind=session_suggestion",
            "/proposals/scorecard/",
            "/proposals/due/",
            "/proposals/list/?status=replied&overdue=false&classification=A",
            proposal.get_absolute_url(),
            f"/proposals/{proposal.pk}/supervise/record/",
        ],
        deputy: [
            "/proposals/mine/",
            "/proposals/new/",
            proposal.get_absolute_url(),
            f"/proposals/{proposal.pk}/rate/",
            "/",
        ],
        unit_staff: [
            "/proposals/queue/",
            "/proposals/due/",
            proposal.get_absolute_url(),
            f"/proposals/assignments/{lead.pk}/contact/",
        ],
    }
    for user, urls in pages.items():
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 200, (user, url)
    client.logout()
    assert client.get("/proposals/public/").status_code == 200


def test_deputy_record_and_home_sections(session, deputy, office, unit, unit_staff):
    from core.sections import render_sections
    from tests.proposals.factories import mandate

    replied(session, deputy, office, unit, unit_staff)
    record = "".join(render_sections("deputy_record", deputy=mandate(deputy), user=office))
    assert "关于加强农村养老服务的建议" in record
    home = "".join(render_sections("home", user=deputy))
    assert 'data-testid="proposals-home"' in home


def test_attachments_download_only_for_those_who_see_the_proposal(login, session, deputy, other_deputy):
    proposal = draft(session, deputy)
    attachment = services.attachment_add(
        actor=deputy, proposal=proposal, upload=SimpleUploadedFile("方案.pdf", b"%PDF-1.4 demo")
    )
    url = reverse("proposals:attachment_download", args=[attachment.pk])
    response = login(deputy).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 demo"
    assert login(other_deputy).get(url).status_code == 404
