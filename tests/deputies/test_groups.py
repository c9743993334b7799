"""Groups and cross-region teams.

Rule: a group belongs to the region that formed it. That region's staff
manage it (edit, add and remove members). Staff of every region with a
member read the group and all its memberships but cannot change them.
"""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from core.rights import can
from deputies import services
from deputies.choices import GroupKind, MembershipRole
from deputies.models import Group, GroupMembership
from tests.deputies.factories import DeputyFactory, GroupFactory, deputy_user
from tests.factories import region, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(province_user):
    """A province team with members from 西湖区 (Hangzhou) and 鄞州区 (Ningbo)."""
    group = services.group_create(
        actor=province_user,
        name="数字经济“三跨”任务组",
        region=region("330000"),
        kind=GroupKind.TASK_TEAM,
        cross_region=True,
    )
    xihu = DeputyFactory(code="330106")
    yinzhou = DeputyFactory(code="330212")
    services.group_add_members(actor=province_user, group=group, deputies=[xihu, yinzhou])
    return group, xihu, yinzhou


def test_cross_region_team_is_readable_by_staff_of_each_members_region(team, county_user, other_county_user):
    group, _xihu, _yinzhou = team
    lishui = staff("331102", username="liandu")
    assert Group.objects.visible_to(county_user).filter(pk=group.pk).exists()
    assert Group.objects.visible_to(other_county_user).filter(pk=group.pk).exists()
    assert not Group.objects.visible_to(lishui).filter(pk=group.pk).exists()
    # Each member region's staff see the whole team, members from elsewhere included.
    assert GroupMembership.objects.visible_to(county_user).filter(group=group).count() == 2


def test_cross_region_team_is_managed_only_by_the_forming_region(team, province_user, county_user):
    group, xihu, _yinzhou = team
    with pytest.raises(PermissionDenied):
        services.group_update(actor=county_user, group=group, name="改名")
    with pytest.raises(PermissionDenied):
        services.group_add_members(actor=county_user, group=group, deputies=[DeputyFactory(code="330106")])
    membership = GroupMembership.objects.get(group=group, deputy=xihu)
    with pytest.raises(PermissionDenied):
        services.membership_end(actor=county_user, membership=membership)
    services.membership_set_role(actor=province_user, membership=membership, role=MembershipRole.LEADER)
    assert GroupMembership.objects.get(pk=membership.pk).role == MembershipRole.LEADER


def test_a_city_team_reaches_its_counties_staff_not_other_cities(city_user, county_user, other_county_user):
    group = services.group_create(actor=city_user, name="跨区域小组", region=region("330100"), kind=GroupKind.TASK_TEAM)
    services.group_add_members(actor=city_user, group=group, deputies=[DeputyFactory(code="330106")])
    assert Group.objects.visible_to(county_user).filter(pk=group.pk).exists()
    assert not Group.objects.visible_to(other_county_user).filter(pk=group.pk).exists()


def test_bulk_add_skips_current_members_and_refuses_deputies_out_of_reach(county_user):
    group = GroupFactory()
    a, b = DeputyFactory(), DeputyFactory()
    services.group_add_members(actor=county_user, group=group, deputies=[a])
    added = services.group_add_members(actor=county_user, group=group, deputies=[a, b], start_date=dt.date(2025, 1, 1))
    assert [m.deputy for m in added] == [b]
    assert group.memberships.count() == 2
    with pytest.raises(PermissionDenied):
        services.group_add_members(actor=county_user, group=group, deputies=[DeputyFactory(code="330212")])


def test_a_deputy_may_be_in_several_groups_and_sees_them(county_user):
    deputy = DeputyFactory()
    first, second = GroupFactory(), GroupFactory(kind=GroupKind.CENTRAL)
    for group in (first, second):
        services.group_add_members(actor=county_user, group=group, deputies=[deputy])
    user = deputy_user(deputy)
    assert set(Group.objects.visible_to(user)) == {first, second}
    assert GroupMembership.objects.visible_to(user).count() == 2


def test_ended_membership_frees_the_deputy_to_rejoin(county_user):
    group, deputy = GroupFactory(), DeputyFactory()
    (membership,) = services.group_add_members(actor=county_user, group=group, deputies=[deputy])
    services.membership_end(actor=county_user, membership=membership, end_date=dt.date(2025, 6, 1))
    services.group_add_members(actor=county_user, group=group, deputies=[deputy])
    assert group.memberships.filter(end_date__isnull=True).count() == 1
    assert group.memberships.count() == 2


def test_a_group_belongs_to_its_own_or_a_higher_regions_congress(city_user):
    from core.exceptions import ApplicationError
    from tests.deputies.factories import congress_for

    hangzhou = region("330100")
    provincial = services.group_create(
        actor=city_user, name="省代表杭州小组", region=hangzhou, congress=congress_for("330000")
    )
    assert provincial.congress.region.code == "330000"
    with pytest.raises(ApplicationError) as refused:
        services.group_create(actor=city_user, name="错挂小组", region=hangzhou, congress=congress_for("330200"))
    assert refused.value.field == "congress"
    with pytest.raises(ApplicationError):
        services.group_update(actor=city_user, group=provincial, congress=congress_for("330200"))
    assert Group.objects.get(pk=provincial.pk).congress.region.code == "330000"


def test_the_group_page_offers_adding_members_only_to_the_forming_region(team, province_user, county_user, login):
    """The page asks core.rights (deputies' GROUP_RIGHTS), the same rule the services hold to."""
    group, _xihu, _yinzhou = team
    deputy = deputy_user(DeputyFactory(code="330106"))
    assert can(province_user, "add_members", group)
    assert not can(county_user, "add_members", group)
    assert not can(deputy, "add_members", group)
    assert "批量添加成员" in login(province_user).get(group.get_absolute_url()).content.decode()
    page = login(county_user).get(group.get_absolute_url()).content.decode()
    assert "批量添加成员" not in page and "本组由组建地区管理" in page
