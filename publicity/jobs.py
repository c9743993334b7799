"""Background jobs: Excel exports of the filtered lists (declared once, see core.exports) and the daily-views import."""

import datetime as dt

import pandas as pd
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exceptions import ApplicationError
from core.exports import ListExport, register_export
from core.jobs import JobOutcome, register_job

from . import selectors, services
from .filters import BrandFilterSet, PostFilterSet
from .models import Post, PostView
from .sanitize import plain_text


def _featured_deputies(post) -> str:
    return "、".join(d.person.name for d in post.featured_deputies.all())


register_export(
    "publicity.posts_export",
    ListExport(
        filterset=PostFilterSet,
        selector=selectors.post_list,
        title=gettext_lazy("宣传稿件"),
        file_name="publicity-posts",
        message=gettext_lazy("共导出 %(count)d 篇稿件。"),
        columns=[
            (gettext_lazy("编号"), "pk"),
            (gettext_lazy("标题"), "title"),
            (gettext_lazy("主题"), "get_theme_display"),
            (gettext_lazy("发布渠道"), "get_channel_display"),
            (gettext_lazy("行政区划"), "region.name"),
            (gettext_lazy("状态"), "get_status_display"),
            (gettext_lazy("宣传代表"), _featured_deputies),
            (gettext_lazy("撰稿人"), lambda post: str(post.author or "")),
            (gettext_lazy("署名"), "byline"),
            (gettext_lazy("计划发布日期"), "planned_date"),
            (gettext_lazy("发布时间"), "published_at"),
            (gettext_lazy("阅读量"), "view_total"),
            (gettext_lazy("外部链接"), "external_url"),
            (gettext_lazy("摘要"), lambda post: post.summary or plain_text(post.body, 80)),
        ],
    ),
)

register_export(
    "publicity.brands_export",
    ListExport(
        filterset=BrandFilterSet,
        selector=selectors.brand_list,
        title=gettext_lazy("工作品牌与经验"),
        file_name="publicity-brands",
        prepare=lambda brands: brands.prefetch_related("publications"),
        columns=[
            (gettext_lazy("名称"), "name"),
            (gettext_lazy("类别"), "get_kind_display"),
            (gettext_lazy("行政区划"), "region.name"),
            (gettext_lazy("年度"), "year"),
            (gettext_lazy("刊发推广"), "publication_count"),
            (gettext_lazy("其中全国"), "national_count"),
            (gettext_lazy("刊发情况"), lambda b: "；".join(f"{p.outlet}{p.issue}" for p in b.publications.all())),
            (gettext_lazy("领导批示"), "instruction_count"),
            (gettext_lazy("简介"), "description"),
        ],
    ),
)


def _whole_number(value) -> int:
    """An integer cell, or a number cell holding a whole number (2.5 is refused, not cut to 2)."""
    if isinstance(value, float) and not value.is_integer():
        raise ValueError(value)
    return int(value)


def _parse_views(upload) -> tuple[list[dict], list[dict]]:
    """Rows of (稿件编号, 日期, 阅读量) from the first sheet, and every problem found."""
    frame = pd.read_excel(upload, sheet_name=0, dtype=object)
    frame.columns = [str(c).strip() for c in frame.columns]
    # The import template's headers are fixed (Chinese) whatever the user's language.
    required = ("稿件编号", "日期", "阅读量")
    missing = [c for c in required if c not in frame.columns]
    if missing:
        return [], [{"row": 1, "column": c, "reason": _("缺少该列")} for c in missing]
    rows, errors = [], []
    for index, record in enumerate(frame.to_dict("records"), start=2):
        post_id, day, views = record["稿件编号"], record["日期"], record["阅读量"]
        row = {"row": index}
        try:
            number = _whole_number(post_id)
            Post._meta.pk.run_validators(number)  # beyond the key's range: no such post, and no query
        except (TypeError, ValueError, ValidationError):
            errors.append({"row": index, "column": "稿件编号", "reason": _("不是有效的编号")})
        else:
            row["post_id"] = number
        try:
            if isinstance(day, dt.datetime | pd.Timestamp):
                row["date"] = day.date()
            elif isinstance(day, dt.date):
                row["date"] = day
            else:
                row["date"] = dt.date.fromisoformat(str(day).strip())
        except ValueError:
            errors.append({"row": index, "column": "日期", "reason": _("日期格式应为 2026-01-31")})
        try:
            row["views"] = _whole_number(views)
            if row["views"] < 0:
                raise ValueError
            PostView._meta.get_field("views").run_validators(row["views"])
        except (TypeError, ValueError):
            errors.append({"row": index, "column": "阅读量", "reason": _("应为非负整数")})
        except ValidationError as exc:  # beyond what the column holds
            errors.append({"row": index, "column": "阅读量", "reason": " ".join(exc.messages)})
        rows.append(row)
    return rows, errors


@register_job("publicity.views_import")
def views_import(job, report) -> JobOutcome:
    with job.input_file.open("rb") as handle:
        rows, errors = _parse_views(handle)
    report(40)
    if not errors and not rows:
        errors = [{"row": 1, "column": "", "reason": _("文件中没有数据")}]
    elif errors:
        # The cells that did parse are checked against the posts and today too: one pass, every bad row.
        errors = sorted(errors + services.post_views_errors(actor=job.owner, rows=rows), key=lambda e: e["row"])
    if not errors:
        try:
            counts = services.post_views_import(actor=job.owner, rows=rows)
        except ApplicationError as exc:
            errors = exc.extra.get("errors") or [{"row": "", "column": "", "reason": exc.message}]
        else:
            return JobOutcome(
                message=_("导入完成：新增 %(created)d 条，更新 %(updated)d 条。") % counts,
                data=counts,
            )
    lines = [_("第 %(row)s 行 %(column)s：%(reason)s") % e for e in errors]
    return JobOutcome(
        message=_("导入失败，未写入任何数据：") + "\n" + "\n".join(lines),
        data={"errors": errors},
        failed=True,
    )
