import pytest

from tests.factories import staff
from tests.proposals.factories import draft, registered

pytestmark = pytest.mark.django_db


def test_admin_lists_visible_proposals_without_drafts(login, session, deputy):
    office = staff("330000", username="office")
    registered(session, deputy, office, title="已立案的建议")
    draft(session, deputy, title="代表的私人草稿")
    page = login(office).get("/admin/proposals/proposal/").content.decode()
    assert "已立案的建议" in page
    assert "代表的私人草稿" not in page


def test_admin_unit_directory_is_scoped(login, unit, other_county_user):
    assert unit.name not in login(other_county_user).get("/admin/proposals/handlingunit/").content.decode()
