"""factory_boy factories shared by every app's tests."""

import factory
from factory.django import DjangoModelFactory

from accounts.choices import Role
from accounts.models import User
from regions.models import Region


def region(code: str) -> Region:
    """A region loaded by the migration from the data package (330106 西湖区 ...)."""
    return Region.objects.get(code=code)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="zh_CN")
    role = Role.COUNTY_STAFF
    region = factory.LazyFunction(lambda: region("330106"))
    is_staff = True
    password = factory.django.Password("Portal-Test-2026!")


def staff(code: str, **kwargs) -> User:
    """A staff user of the level matching the region code."""
    r = region(code)
    role = {"province": Role.PROVINCE_STAFF, "city": Role.CITY_STAFF, "county": Role.COUNTY_STAFF}[r.level]
    return UserFactory(role=role, region=r, **kwargs)
