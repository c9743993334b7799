import pytest

from livelihood import services
from tests.factories import staff
from tests.proposals.factories import CongressFactory, deputy_user


@pytest.fixture
def congress(db):
    return CongressFactory()


@pytest.fixture
def other_deputy(congress):
    return deputy_user(congress, username="dep2", full_name="李代表")


@pytest.fixture
def office(db):
    return staff("330000", username="office")


@pytest.fixture
def call(congress, office):
    return services.livelihood_call_create(actor=office, congress=congress, year=2027, title="2027年省民生实事项目征集")


@pytest.fixture
def voters(congress):
    return [deputy_user(congress) for _ in range(4)]
