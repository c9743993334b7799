import pytest

from publicity import services
from tests.factories import region


@pytest.fixture
def draft(county_user):
    """A draft written by 西湖区 staff through the service."""
    return services.post_create(
        actor=county_user,
        region=region("330106"),
        title="西湖区代表走进联络站",
        theme="station",
        body="<p>代表们倾听群众意见。</p>",
    )
