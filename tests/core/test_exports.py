"""Excel exports: every list export is what its page shows, written by one cell writer.

The generated tests run over every registered export kind, so a new ``register_export``
is covered as soon as it names a way to build one of its rows in ``MAKERS``.
"""

import datetime as dt
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.db import models
from django.urls import get_resolver, reverse
from django.utils import timezone

from core.exports import DATE_FORMAT, DATETIME_FORMAT, job_filters, list_exports, xlsx_bytes
from core.models import Job
from core.services import job_run
from regions.models import Region
from tests.security.routes import walk

pytestmark = pytest.mark.django_db

FORMULAS = ['=HYPERLINK("http://x","click")', "+1", "-2", "@SUM(A1)", "\tfoo"]
SHOWN = {DATE_FORMAT: "%Y-%m-%d", DATETIME_FORMAT: "%Y-%m-%d %H:%M"}
# Dates written as text in any other shape than the one export format.
OTHER_DATE_TEXT = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日|\d{4}/\d{1,2}/\d{1,2}|\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}")


def shown(cell) -> str:
    """The cell as Excel displays it."""
    if cell.is_date:
        assert cell.number_format in SHOWN, cell.number_format
        return cell.value.strftime(SHOWN[cell.number_format])
    return "" if cell.value is None else str(cell.value)


def workbook(job: Job) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(job.result_file.read()))


def export(user, kind: str, filters: dict | None = None) -> Job:
    job = Job.objects.create(kind=kind, title=kind, owner=user, params={"filters": filters or {}})
    job = job_run(job_id=job.pk)
    assert job.status == "succeeded", job.message
    return job


def list_routes() -> dict[str, tuple[str, type]]:
    """Export kind -> (URL, view class) of the list page that offers it."""
    routes = {}
    for route, pattern in walk(get_resolver().url_patterns):
        cls = getattr(pattern.callback, "view_class", None)
        kind = getattr(cls, "export_kind", None)
        if kind and "<" not in route:
            routes[kind] = ("/" + route, cls)
    return routes


# One visible row per export kind (and who exports it), built with the apps' factories.
# ------------------------------------------------------------------------------


def _office(province_user):
    return province_user


def _deputy(province_user):
    from tests.deputies.factories import DeputyFactory

    DeputyFactory()
    return province_user


def _station(province_user):
    from tests.liaison_stations.factories import StationFactory

    StationFactory(contact_name="联系人", contact_phone="0571-1")
    return province_user


def _reception(province_user):
    from tests.liaison_stations.factories import DeputyFactory, ReceptionFactory

    ReceptionFactory().deputies.add(DeputyFactory())
    return province_user


def _opinion(province_user):
    from tests.liaison_stations.factories import OpinionItemFactory

    # Due today: on the staff's work queue as well as the full list.
    OpinionItemFactory(location="文三路", assigned_unit="城管局", reply="已修复", step_due_date=timezone.localdate())
    return province_user


def _my_opinion(province_user):
    from tests.liaison_stations.factories import OpinionItemFactory
    from tests.proposals.factories import deputy_user, mandate

    user = deputy_user()
    OpinionItemFactory(assigned_deputy=mandate(user))
    return user


def _consultation(province_user):
    from tests.liaison_stations.factories import ConsultationFactory

    ConsultationFactory(participants="法官、代表", participant_count=8, outcome="达成共识")
    return province_user


def _evaluation(province_user):
    from tests.liaison_stations.factories import StationEvaluationFactory

    StationEvaluationFactory(self_total=Decimal("88.5"), review_total=Decimal("90"))
    return province_user


def _problem(province_user):
    from tests.liaison_stations.factories import InspectionProblemFactory

    InspectionProblemFactory(rectification="已整改")
    return province_user


def _campaign_item(factory_name: str):
    def make(province_user):
        from tests.campaigns import factories

        getattr(factories, factory_name)()
        return province_user

    return make


def _proposal(province_user):
    from tests.proposals.factories import SessionFactory, deputy_user, registered

    registered(SessionFactory(), deputy_user(), province_user)
    return province_user


def _post(province_user):
    from tests.publicity.factories import PostFactory

    PostFactory(published=True, byline="本刊记者", external_url="http://example.com/a")
    return province_user


def _brand(province_user):
    from tests.publicity.factories import BrandFactory

    BrandFactory(description="简介")
    return province_user


def _case(province_user):
    from tests.personnel.factories import AppointmentCaseFactory

    AppointmentCaseFactory(exam_score=Decimal("91.5"), votes_for=40, letter_number="任字1号")
    return province_user


MAKERS = {
    "deputies.roster_export": _deputy,
    "liaison_stations.stations": _station,
    "liaison_stations.receptions": _reception,
    "liaison_stations.opinions": _opinion,
    "liaison_stations.opinion_queue": _opinion,
    "liaison_stations.opinions_mine": _my_opinion,
    "liaison_stations.consultations": _consultation,
    "liaison_stations.evaluations": _evaluation,
    "liaison_stations.problems": _problem,
    "campaigns.work_item_export": _campaign_item("WorkItemFactory"),
    "campaigns.problem_export": _campaign_item("ProblemItemFactory"),
    "campaigns.suggestion_export": _campaign_item("SuggestionItemFactory"),
    "campaigns.result_export": _campaign_item("ResultItemFactory"),
    "campaigns.activity_export": _campaign_item("CampaignActivityFactory"),
    "proposals.proposal_export": _proposal,
    "publicity.posts_export": _post,
    "publicity.brands_export": _brand,
    "personnel.appointment_cases": _case,
}


def _plain_text_fields(model) -> list[models.Field]:
    """Free-text fields people type (not choices, codes of other kinds, e-mail, encrypted)."""
    return [
        f
        for f in model._meta.concrete_fields
        if type(f) in (models.CharField, models.TextField) and not f.choices and f.name != "password"
    ]


def fill_with(value: str, queryset, depth: int = 2) -> int:
    """Overwrite every free-text field of the rows, and of the rows they point to, with ``value``."""
    filled = 0
    seen = set()

    def fill(model, pks, level):
        nonlocal filled
        if model is Region or model._meta.app_label in ("auth", "accounts") or (model, tuple(pks)) in seen:
            return
        seen.add((model, tuple(pks)))
        values = {f.name: value[: f.max_length] if f.max_length else value for f in _plain_text_fields(model)}
        if values:
            filled += model._base_manager.filter(pk__in=pks).update(**values)
        if level == 0:
            return
        for field in model._meta.concrete_fields:
            if field.many_to_one or field.one_to_one:
                targets = model._base_manager.filter(pk__in=pks).exclude(**{field.attname: None})
                related = list(targets.values_list(field.attname, flat=True).distinct())
                if related:
                    fill(field.related_model, related, level - 1)
        for field in model._meta.many_to_many:
            related = field.related_model._base_manager.filter(**{f"{field.related_query_name()}__in": pks})
            related = list(related.values_list("pk", flat=True))
            if related:
                fill(field.related_model, related, level - 1)

    fill(queryset.model, list(queryset.values_list("pk", flat=True)), depth)
    return filled


def test_every_export_kind_has_a_maker_and_every_list_page_a_registered_export():
    kinds = set(list_exports())
    assert kinds == set(MAKERS), "add a maker for each new export kind"
    routes = list_routes()
    assert set(routes) <= kinds, "a list page names an export kind that is not registered"
    for kind, (_url, view) in routes.items():
        assert list_exports()[kind].filterset is view.filterset_class, kind


@pytest.mark.parametrize("kind", sorted(MAKERS))
def test_every_export_writes_formula_like_text_as_text_and_numbers_as_numbers(kind, province_user, login):
    spec = list_exports()[kind]
    user = MAKERS[kind](province_user)
    rows = spec.queryset(user=user, filters=job_filters(Job(params={})))
    assert rows.exists(), "the maker must build a row the exporter sees"
    for formula in FORMULAS:
        assert fill_with(formula, rows) > 0
        job = export(user, kind)
        sheet = workbook(job).worksheets[0]
        cells = [list(r) for r in sheet.iter_rows(min_row=2)]
        expected = list(spec.rows(spec.queryset(user=user, filters=job_filters(job))))
        assert len(cells) == len(expected) == 1
        for cell, value in zip(cells[0], expected[0], strict=True):
            assert cell.data_type != "f", (kind, cell.coordinate, cell.value)
            if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
                assert cell.data_type == "n" and cell.value == value, (kind, cell.coordinate, cell.value)
            if isinstance(cell.value, str):
                assert not OTHER_DATE_TEXT.search(cell.value), (kind, cell.value)
            if cell.is_date:
                shown(cell)  # one of the two export formats
        typed = [c for c in cells[0] if isinstance(c.value, str) and c.value.startswith(formula[:2])]
        assert typed, f"{kind}: no typed text reached the sheet"
        assert all(c.data_type == "s" for c in typed)

    # The page the export came from lists the same number of rows.
    routes = list_routes()
    if kind in routes:
        response = login(user).get(routes[kind][0])
        assert response.status_code == 200
        assert response.context["paginator"].count == 1


def test_the_cell_writer_keeps_text_numbers_and_dates_apart():
    now = timezone.make_aware(dt.datetime(2024, 3, 5, 14, 30, 59))
    content = xlsx_bytes(
        {
            "s": (
                ["a"] * 9,
                [[*FORMULAS, 3, Decimal("2.5"), dt.date(2024, 3, 5), now], ["\x0bx", None, True, float("nan")]],
            )
        }
    )
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    first, second = list(sheet.iter_rows(min_row=2))
    assert [(c.value, c.data_type) for c in first[:5]] == [(v, "s") for v in FORMULAS]
    assert all(c.quotePrefix for c in first[:5])  # Excel keeps them text when the cell is edited
    assert [(c.value, c.data_type) for c in first[5:7]] == [(3, "n"), (2.5, "n")]
    assert [shown(c) for c in first[7:]] == ["2024-03-05", "2024-03-05 14:30"]
    assert [c.value for c in second[:4]] == ["x", None, "是", None]
    assert sheet.freeze_panes == "A2"


def test_dates_read_the_same_in_every_export(province_user):
    """An office sees 2024-03-05 and 2024-03-05 14:30 whichever list it exported."""
    from tests.liaison_stations.factories import ReceptionFactory
    from tests.personnel.factories import AppointmentCaseFactory
    from tests.publicity.factories import PostFactory

    published = timezone.make_aware(dt.datetime(2024, 3, 5, 14, 30))
    PostFactory(published=True, planned_date=dt.date(2024, 3, 5), published_at=published)
    ReceptionFactory(date=dt.date(2024, 3, 5))
    AppointmentCaseFactory(submitted_on=dt.date(2024, 3, 5))

    def column(kind, header):
        sheet = workbook(export(province_user, kind)).worksheets[0]
        index = [c.value for c in sheet[1]].index(header)
        return [shown(row[index]) for row in sheet.iter_rows(min_row=2)]

    assert column("publicity.posts_export", "计划发布日期") == ["2024-03-05"]
    assert column("publicity.posts_export", "发布时间") == ["2024-03-05 14:30"]
    assert column("liaison_stations.receptions", "日期") == ["2024-03-05"]
    assert column("personnel.appointment_cases", "提请日期") == ["2024-03-05"]


# The export is the page: the same filters, every value of a multi-value filter
# ------------------------------------------------------------------------------


def _page_and_export(client, url: str, query: str, title_header: str) -> tuple[list[str], list[str]]:
    page = client.get(f"{url}?{query}")
    assert page.status_code == 200
    on_page = sorted(str(o.title) for o in page.context["object_list"])
    response = client.post(f"{url}?{query}", {"export": "xlsx"})
    job = Job.objects.get(pk=response.url.rstrip("/").rsplit("/", 1)[-1])
    job = job_run(job_id=job.pk)
    sheet = workbook(job).worksheets[0]
    index = [c.value for c in sheet[1]].index(title_header)
    exported = sorted(row[index] for row in sheet.iter_rows(min_row=2, values_only=True))
    return on_page, exported


def test_publicity_export_with_two_statuses_holds_exactly_the_rows_the_page_shows(login, city_user):
    from tests.publicity.factories import PostFactory

    PostFactory(title="待审核稿", in_review=True)
    PostFactory(title="已发布稿", published=True)
    PostFactory(title="草稿")
    on_page, exported = _page_and_export(
        login(city_user), reverse("publicity:post_list"), "status=in_review&status=published", "标题"
    )
    assert on_page == sorted(["已发布稿", "待审核稿"])
    assert exported == on_page


def test_opinion_export_with_two_statuses_holds_exactly_the_rows_the_page_shows(login, county_user):
    from tests.liaison_stations.factories import OpinionItemFactory

    OpinionItemFactory(title="已登记", status="registered")
    OpinionItemFactory(title="已交办", status="assigned")
    OpinionItemFactory(title="已办结", status="closed")
    on_page, exported = _page_and_export(
        login(county_user), reverse("liaison_stations:opinion_list"), "status=registered&status=assigned", "标题"
    )
    assert on_page == sorted(["已交办", "已登记"])
    assert exported == on_page


def test_the_opinion_queue_exports_the_queue_not_the_whole_list(login, county_user):
    from tests.liaison_stations.factories import OpinionItemFactory

    OpinionItemFactory(title="即将到期", step_due_date=timezone.localdate())
    OpinionItemFactory(title="还早", step_due_date=timezone.localdate() + dt.timedelta(days=300))
    on_page, exported = _page_and_export(login(county_user), reverse("liaison_stations:opinion_queue"), "", "标题")
    assert on_page == exported == ["即将到期"]


# Exports start with a POST
# ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(list_routes()))
def test_a_get_never_starts_an_export_and_a_post_does(kind, login, province_user):
    url, _view = list_routes()[kind]
    client = login(province_user)
    response = client.get(url, {"export": "xlsx"})
    assert response.status_code in (200, 403)
    assert not Job.objects.exists()
    if response.status_code == 403:
        return  # a page for other roles offers no export either
    response = client.post(url, {"export": "xlsx"})
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == reverse("core:job_detail", args=[job.pk])
    assert job.kind == kind and job.owner == province_user


def test_the_export_button_is_a_post_form_with_a_csrf_token(login, city_user):
    page = login(city_user).get(reverse("publicity:post_list"), {"theme": "duty"}).content.decode()
    form = re.search(r'<form method="post" id="list-export" action="([^"]+)">(.*?)</form>', page, re.S)
    assert form and "?theme=duty" in form.group(1)
    assert "csrfmiddlewaretoken" in form.group(2)
    assert 'form="list-export"' in page


def test_dashboard_exports_start_only_with_a_post(login, province_user):
    client = login(province_user)
    assert client.get(reverse("stats:dashboard"), {"export": "xlsx"}).status_code == 200
    assert client.get(reverse("stats:dashboard"), {"export": "report"}).status_code == 200
    assert not Job.objects.exists()
    response = client.post(reverse("stats:dashboard") + "?year=2025", {"export": "report"})
    job = Job.objects.get()
    assert response.url == reverse("core:job_detail", args=[job.pk])
    assert job.kind == "stats.yearly_report" and job.params["filters"] == {"year": ["2025"]}


def test_a_list_without_an_export_refuses_a_post(login, province_user):
    response = login(province_user).post(reverse("publicity:keydate_list"), {"export": "xlsx"})
    assert response.status_code == 405
    assert not Job.objects.exists()
