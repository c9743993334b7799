"""Every 400 the API answers is an object, as its schema says, whatever part of the request was bad."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/api/deputy-groups/", "/api/stations/"])
def test_a_null_character_in_a_query_is_a_400_with_an_object_body(api_login, county_user, path):
    response = api_login(county_user).get(path, {"search": "a\x00b", "ordering": "x\x00"})
    assert response.status_code == 400
    assert isinstance(response.json(), dict), response.json()
