import pytest

from tests.proposals.factories import CongressFactory, HandlingUnitFactory, SessionFactory, deputy_user, unit_user


@pytest.fixture
def congress(db):
    return CongressFactory()


@pytest.fixture
def session(congress):
    return SessionFactory(congress=congress)


@pytest.fixture
def deputy(congress):
    return deputy_user(congress, username="dep1", full_name="张代表")


@pytest.fixture
def other_deputy(congress):
    return deputy_user(congress, username="dep2", full_name="李代表")


@pytest.fixture
def unit(db):
    return HandlingUnitFactory(name="浙江省民政厅")


@pytest.fixture
def other_unit(db):
    return HandlingUnitFactory(name="浙江省交通运输厅")


@pytest.fixture
def unit_staff(unit):
    return unit_user(unit, username="minzheng")


@pytest.fixture
def other_unit_staff(other_unit):
    return unit_user(other_unit, username="jiaotong")
