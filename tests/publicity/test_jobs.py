import io
from datetime import date, timedelta

import pandas as pd
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from core.models import Job
from core.services import job_run
from publicity.models import PostView
from tests.factories import region

from .factories import BrandFactory, PostFactory

pytestmark = pytest.mark.django_db


def _run(kind: str, owner, *, params=None, upload: bytes | None = None) -> Job:
    job = Job(kind=kind, title=kind, owner=owner, params=params or {})
    if upload is not None:
        job.input_file.save("views.xlsx", ContentFile(upload), save=False)
    job.save()
    return job_run(job_id=job.pk)


def _xlsx(rows: list[dict]) -> bytes:
    buffer = io.BytesIO()
    pd.DataFrame(rows).to_excel(buffer, index=False)
    return buffer.getvalue()


def test_export_contains_the_filtered_visible_posts(city_user):
    PostFactory(in_review=True, theme="voice", title="西湖为民代言", region=region("330106"))
    PostFactory(in_review=True, theme="duty", title="西湖履职", region=region("330106"))
    PostFactory(in_review=True, theme="voice", title="鄞州为民代言", region=region("330212"))
    job = _run("publicity.posts_export", city_user, params={"filters": {"theme": ["voice"]}})
    assert job.status == "succeeded", job.message
    frame = pd.read_excel(job.result_file.open("rb"))
    assert list(frame["标题"]) == ["西湖为民代言"]
    assert list(frame["主题"]) == ["为民代言"]


def test_brand_export(city_user):
    BrandFactory(name="杭州代表议事厅")
    job = _run("publicity.brands_export", city_user)
    assert job.status == "succeeded", job.message
    assert list(pd.read_excel(job.result_file.open("rb"))["名称"]) == ["杭州代表议事厅"]


def test_views_import_creates_then_updates(county_user):
    post = PostFactory(published=True)
    yesterday = timezone.localdate() - timedelta(days=1)
    rows = [
        {"稿件编号": post.pk, "日期": yesterday.isoformat(), "阅读量": 500},
        {"稿件编号": post.pk, "日期": timezone.localdate().isoformat(), "阅读量": 100},
    ]
    job = _run("publicity.views_import", county_user, upload=_xlsx(rows))
    assert job.status == "succeeded", job.message
    assert job.result == {"created": 2, "updated": 0}
    rows[0]["阅读量"] = 700
    job = _run("publicity.views_import", county_user, upload=_xlsx(rows))
    assert job.result == {"created": 0, "updated": 1}
    post.refresh_from_db()
    assert post.view_total == 800


def test_views_import_with_bad_rows_writes_nothing_and_lists_every_problem(county_user, other_county_user):
    mine = PostFactory(published=True)
    theirs = PostFactory(published=True, region=region("330212"))
    rows = [
        {"稿件编号": mine.pk, "日期": "2026-01-02", "阅读量": 10},
        {"稿件编号": "abc", "日期": "2026-01-02", "阅读量": 10},
        {"稿件编号": mine.pk, "日期": "昨天", "阅读量": -5},
        {"稿件编号": theirs.pk, "日期": "2026-01-03", "阅读量": 10},
    ]
    job = _run("publicity.views_import", county_user, upload=_xlsx(rows))
    assert job.status == "failed"
    problems = {(e["row"], e["column"]) for e in job.result["errors"]}
    # Format errors and the out-of-scope post (row 5) are reported in the same pass.
    assert problems == {(3, "稿件编号"), (4, "日期"), (4, "阅读量"), (5, "稿件编号")}
    assert not PostView.objects.exists()
    # Once the format is right, the out-of-scope post is still refused and nothing is written.
    job = _run("publicity.views_import", county_user, upload=_xlsx([rows[0], rows[3]]))
    assert job.status == "failed"
    assert [e["row"] for e in job.result["errors"]] == [3]
    assert "第 3 行" in job.message
    assert not PostView.objects.exists()


def test_views_import_refuses_future_dates(county_user):
    post = PostFactory(published=True)
    tomorrow = date.today() + timedelta(days=2)
    job = _run(
        "publicity.views_import", county_user, upload=_xlsx([{"稿件编号": post.pk, "日期": tomorrow, "阅读量": 1}])
    )
    assert job.status == "failed"


def test_import_template_round_trips(client, county_user):
    client.force_login(county_user)
    response = client.get(reverse("publicity:views_import_template"))
    assert response.status_code == 200
    frame = pd.read_excel(io.BytesIO(response.content))
    assert list(frame.columns) == ["稿件编号", "日期", "阅读量"]
