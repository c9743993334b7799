"""The heart of the portal in a real browser: a deputy files a suggestion, staff register and
assign it, the handling unit replies, and the deputy rates the reply."""

import pytest

from proposals.models import Proposal
from tests.conftest import PASSWORD
from tests.factories import staff
from tests.proposals.factories import HandlingUnitFactory, SessionFactory, deputy_user, unit_user

pytestmark = pytest.mark.django_db(transaction=True)


def logout(j):
    j.page.context.clear_cookies()


def test_deputy_files_staff_assign_unit_replies_deputy_rates(journey):
    session = SessionFactory()
    deputy = deputy_user(username="daibiao", full_name="王丽华")
    office = staff("330000", username="shengrenda")
    unit = HandlingUnitFactory(name="浙江省民政厅")
    clerk = unit_user(unit, username="minzheng")
    j = journey("suggestion-file-to-rating")

    # 1. The deputy files a session suggestion through the web form.
    j.login(deputy.username, PASSWORD)
    j.goto("/proposals/new/")
    j.page.select_option("[data-testid=field-session]", str(session.pk))
    j.page.select_option("[data-testid=field-kind]", "session_suggestion")
    j.page.fill("[data-testid=field-title]", "关于加快农村居家养老服务中心建设的建议")
    j.page.select_option("[data-testid=field-category]", index=1)
    j.page.fill("[data-testid=field-body]", "建议加大对农村居家养老服务中心的投入，完善运营补贴机制。")
    j.shot("deputy-form")
    j.page.click("[data-testid=btn-submit]")
    j.page.wait_for_load_state()
    proposal = Proposal.objects.get(title__startswith="关于加快农村居家养老")
    assert proposal.status == "submitted"
    j.shot("deputy-submitted")
    logout(j)

    # 2. The office registers it (it gets its official number) and assigns a lead unit.
    j.login(office.username, PASSWORD)
    j.goto(f"/proposals/{proposal.pk}/")
    j.page.click("[data-testid=btn-register]")
    j.page.wait_for_load_state()
    assert "第0001号" in j.page.inner_text("[data-testid=proposal-number]")
    j.page.click("[data-testid=btn-assign-link]")
    j.page.wait_for_load_state()
    j.page.select_option("[data-testid=field-lead_unit]", str(unit.pk))
    j.shot("staff-assign")
    j.page.click("[data-testid=btn-assign]")
    j.page.wait_for_load_state()
    logout(j)

    # 3. The unit signs for it, records its contact with the deputy and replies (class A).
    j.login(clerk.username, PASSWORD)
    j.goto(f"/proposals/{proposal.pk}/")
    j.page.click("[data-testid=btn-sign]")
    j.page.wait_for_load_state()
    j.page.click("[data-testid=btn-contact-link]")
    j.page.wait_for_load_state()
    j.page.fill("[data-testid=field-contacted_on]", "2026-11-20")
    way = j.page.locator("[data-testid=field-way]")
    if way.evaluate("el => el.tagName") == "SELECT":
        way.select_option(index=1)
    else:
        way.first.check()
    j.page.fill("[data-testid=field-content]", "电话联系代表，听取意见。")
    j.page.click("[data-testid=btn-contact]")
    j.page.wait_for_load_state()
    j.page.click("[data-testid=btn-reply-link]")
    j.page.wait_for_load_state()
    j.page.get_by_label("A类（已解决或采纳）").check()
    j.page.fill("[data-testid=field-text]", "已将农村居家养老服务中心建设列入明年民生实事项目。")
    j.shot("unit-reply")
    j.page.click("[data-testid=btn-reply]")
    j.page.wait_for_load_state()
    logout(j)

    # 4. The deputy rates the reply; the suggestion is closed.
    j.login(deputy.username, PASSWORD)
    j.goto(f"/proposals/{proposal.pk}/")
    j.page.click("[data-testid=btn-rate-link]")
    j.page.wait_for_load_state()
    j.page.check("input[name=work_rating][value=satisfied]")
    j.page.check("input[name=result_rating][value=satisfied]")
    j.page.click("[data-testid=btn-rate]")
    j.page.wait_for_load_state()
    j.shot("deputy-rated")
    proposal.refresh_from_db()
    assert proposal.status == "closed"
    assert proposal.replies.get().classification == "A"
    assert j.console_errors == []
