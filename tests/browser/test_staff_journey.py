import pytest

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_login_home_and_language_switch(journey, county_user):
    j = journey("staff-login-language")
    j.login("xihu", PASSWORD)
    assert "西湖区" in j.page.content()
    j.shot("home-zh")
    j.page.click("[data-testid=language-switch]")
    j.page.wait_for_load_state()
    assert j.page.locator("html").get_attribute("lang") == "en"
    assert "Home" in j.page.inner_text("nav")
    j.shot("home-en")
    assert j.console_errors == []  # no CSP violations or script errors
