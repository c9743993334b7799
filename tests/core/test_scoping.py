"""The one scoping rule, and proof that every entry point goes through it."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.exceptions import PermissionDenied

from accounts.choices import Role
from core.admin import ScopedModelAdmin
from core.api import ScopedModelViewSet, ScopedReadOnlyModelViewSet
from core.models import RegionScopedModel
from core.scoping import ensure_in_scope, region_in_scope, region_prefix_for, regions_visible_to
from deputies.models import Congress, Deputy, Person
from tests.factories import UserFactory, region

pytestmark = pytest.mark.django_db


def make_deputy(code: str, name: str = "张三", user=None) -> Deputy:
    r = region(code)
    congress, _ = Congress.objects.get_or_create(
        region=r, level="county", term_number=17, defaults={"name": f"{r.name}第十七届人民代表大会"}
    )
    person = Person.objects.create(name=name, gender="male", user=user)
    return Deputy.objects.create(person=person, congress=congress, level="county", region=r)


def test_prefix_follows_the_level_of_the_users_region(province_user, city_user, county_user):
    assert region_prefix_for(province_user) == "33"
    assert region_prefix_for(city_user) == "3301"
    assert region_prefix_for(county_user) == "330106"


def test_staff_see_their_region_and_below_only(province_user, city_user, county_user, other_county_user):
    xihu = make_deputy("330106", "西湖代表")
    township = make_deputy("330106008", "街道代表")
    yinzhou = make_deputy("330212", "鄞州代表")
    hangzhou_city = make_deputy("330100", "杭州市本级代表")

    def seen(user):
        return set(Deputy.objects.visible_to(user).values_list("person__name", flat=True))

    assert seen(province_user) == {"西湖代表", "街道代表", "鄞州代表", "杭州市本级代表"}
    assert seen(city_user) == {"西湖代表", "街道代表", "杭州市本级代表"}
    assert seen(county_user) == {"西湖代表", "街道代表"}
    assert seen(other_county_user) == {"鄞州代表"}
    assert {xihu, township, yinzhou, hangzhou_city}


def test_a_deputy_sees_only_their_own_mandates():
    me = UserFactory(role=Role.DEPUTY, region=None, is_staff=False)
    mine = make_deputy("330106", "我", user=me)
    make_deputy("330106", "别人")
    assert list(Deputy.objects.visible_to(me)) == [mine]


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN, Role.UNIT_STAFF])
def test_administrators_see_no_domain_records(role):
    make_deputy("330106")
    user = UserFactory(role=role, region=None)
    assert not Deputy.objects.visible_to(user).exists()


def test_anonymous_sees_nothing():
    from django.contrib.auth.models import AnonymousUser

    make_deputy("330106")
    assert not Deputy.objects.visible_to(AnonymousUser()).exists()


def test_ensure_in_scope_refuses_and_audits_another_countys_record(county_user, other_county_user):
    from core.models import AuditEvent

    deputy = make_deputy("330106")
    ensure_in_scope(county_user, deputy)
    with pytest.raises(PermissionDenied):
        ensure_in_scope(other_county_user, deputy)
    assert AuditEvent.objects.filter(action="access_denied", actor=other_county_user).count() == 1


def test_region_choices_stop_at_the_jurisdiction(city_user, county_user):
    assert region_in_scope(city_user, region("330106"))
    assert not region_in_scope(county_user, region("330100"))
    codes = set(regions_visible_to(county_user).values_list("code", flat=True))
    assert "330106" in codes and "330212" not in codes and "330100" not in codes


def test_every_api_viewset_is_scoped():
    """A viewset over a region-scoped model that does not use the scoped base would leak rows."""
    from config.api_router import router

    for prefix, viewset, _basename in router.registry:
        model = getattr(getattr(viewset, "queryset", None), "model", None)
        if model is not None and issubclass(model, RegionScopedModel):
            assert issubclass(viewset, ScopedModelViewSet | ScopedReadOnlyModelViewSet), prefix


def test_every_admin_of_a_scoped_model_is_scoped():
    for model, model_admin in admin.site._registry.items():
        if issubclass(model, RegionScopedModel):
            assert isinstance(model_admin, ScopedModelAdmin), model._meta.label


def test_every_scoped_model_declares_a_real_region_path():
    from regions.models import Region

    for model in apps.get_models():
        if issubclass(model, RegionScopedModel):
            # Walks the lookup; raises FieldDoesNotExist on a typo.
            target = model
            for part in model.region_lookup.split("__"):
                target = target._meta.get_field(part).related_model
            assert target is Region, model._meta.label
