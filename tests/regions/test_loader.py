import pytest

from regions.choices import RegionLevel
from regions.models import Region

pytestmark = pytest.mark.django_db


def test_zhejiang_is_loaded_with_its_official_counts():
    """The migration loads 1 province, 11 cities and 90 county-level divisions of Zhejiang."""
    assert Region.objects.filter(level=RegionLevel.PROVINCE).count() == 1
    assert Region.objects.filter(level=RegionLevel.CITY, code__startswith="33").count() == 11
    assert Region.objects.filter(level=RegionLevel.COUNTY, code__startswith="33").count() == 90
    # Townships and streets come from the same package (about 1,360 in Zhejiang).
    assert 1300 < Region.objects.filter(level=RegionLevel.TOWNSHIP).count() < 1500


@pytest.mark.parametrize(
    ("code", "name", "parent"),
    [("330000", "浙江省", None), ("330100", "杭州市", "330000"), ("330106", "西湖区", "330100")],
)
def test_known_codes(code, name, parent):
    region = Region.objects.get(code=code)
    assert region.name == name
    assert (region.parent.code if region.parent else None) == parent


def test_townships_hang_under_their_county():
    xihu = Region.objects.get(code="330106")
    townships = xihu.children.all()
    assert townships.exists()
    assert all(t.code.startswith("330106") and t.level == RegionLevel.TOWNSHIP for t in townships)


def test_another_province_loads_with_the_same_command():
    from django.core.management import call_command

    call_command("load_regions", "32")
    assert Region.objects.get(code="320000").name == "江苏省"
    assert Region.objects.filter(level=RegionLevel.CITY, code__startswith="32").count() == 13
    call_command("load_regions", "32")  # running again changes nothing
    assert Region.objects.filter(level=RegionLevel.CITY, code__startswith="32").count() == 13
