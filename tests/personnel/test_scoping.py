"""Every personnel page, endpoint and admin list stops at the jurisdiction of the congress's region."""

import pytest
from django.urls import reverse

from tests.personnel.factories import (
    AppointmentCaseFactory,
    CommitteeMemberFactory,
    DutyReportFactory,
    ReviewPlanFactory,
    SessionFactory,
    congress_for,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("factory", "detail", "api"),
    [
        (AppointmentCaseFactory, "personnel:case_detail", "/api/personnel/appointment-cases/"),
        (DutyReportFactory, "personnel:report_detail", "/api/personnel/duty-reports/"),
        (ReviewPlanFactory, "personnel:plan_detail", "/api/personnel/review-plans/"),
        (SessionFactory, None, "/api/personnel/sessions/"),
        (CommitteeMemberFactory, None, "/api/personnel/committee-members/"),
    ],
)
def test_a_county_sees_its_own_records_and_not_another_citys(
    login, api_login, county_user, other_county_user, factory, detail, api
):
    xihu = factory(congress=congress_for("330106"))
    factory(congress=congress_for("330212"))

    assert [row["id"] for row in api_login(county_user).get(api).json()["results"]] == [xihu.pk]
    assert api_login(other_county_user).get(f"{api}{xihu.pk}/").status_code == 404
    if detail:
        assert login(county_user).get(reverse(detail, args=[xihu.pk])).status_code == 200
        assert login(other_county_user).get(reverse(detail, args=[xihu.pk])).status_code == 404


def test_the_admin_lists_only_the_jurisdiction(login, city_user):
    AppointmentCaseFactory(nominee_name="杭州人选", congress=congress_for("330100"))
    AppointmentCaseFactory(nominee_name="宁波人选", congress=congress_for("330200"))
    page = login(city_user).get(reverse("admin:personnel_appointmentcase_changelist")).content.decode()
    assert "杭州人选" in page and "宁波人选" not in page


def test_congress_choices_on_the_forms_stop_at_the_jurisdiction(login, city_user):
    congress_for("330100")
    congress_for("330000")
    page = login(city_user).get(reverse("personnel:case_create")).content.decode()
    assert "杭州市第十四届人民代表大会" in page and "浙江省第十四届人民代表大会" not in page


def test_a_member_with_an_account_sees_the_ballot_on_the_home_page(client, province_user):
    from tests.personnel.test_duty_reports import evaluating_report, member_user

    report = evaluating_report(province_user)
    voter = member_user(report.congress)
    client.force_login(voter)
    page = client.get(reverse("home")).content.decode()
    assert "待参加的民主测评" in page and reverse("personnel:report_ballot", args=[report.pk]) in page


def test_a_committee_member_account_from_another_city_is_refused(city_user, other_county_user):
    from core.exceptions import ApplicationError
    from personnel import services
    from personnel.models import CommitteeMember

    congress = congress_for("330100")
    with pytest.raises(ApplicationError) as refused:
        services.committee_member_create(
            actor=city_user, congress=congress, name="外市账号", position="member", user=other_county_user
        )
    assert refused.value.field == "user"
    member = services.committee_member_create(actor=city_user, congress=congress, name="本市委员", position="member")
    member.user = other_county_user
    with pytest.raises(ApplicationError):
        services.reference_save(actor=city_user, obj=member)
    assert CommitteeMember.objects.get(pk=member.pk).user is None
