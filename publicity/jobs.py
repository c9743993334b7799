"""Background jobs: Excel exports of the filtered lists and the daily-views import."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exceptions import ApplicationError
from core.exports import xlsx_bytes
from core.jobs import JobOutcome, register_job

from . import selectors, services
from .filters import BrandFilterSet
from .models import Post, PostView
from .sanitize import plain_text

POST_COLUMNS = (
    gettext_lazy("编号"),
    gettext_lazy("标题"),
    gettext_lazy("主题"),
    gettext_lazy("发布渠道"),
    gettext_lazy("行政区划"),
    gettext_lazy("状态"),
    gettext_lazy("宣传代表"),
    gettext_lazy("撰稿人"),
    gettext_lazy("署名"),
    gettext_lazy("计划发布日期"),
    gettext_lazy("发布时间"),
    gettext_lazy("阅读量"),
    gettext_lazy("外部链接"),
    gettext_lazy("摘要"),
)


def _filters(job) -> dict:
    raw = job.params.get("filters", {})
    return {key: values[-1] if isinstance(values, list) else values for key, values in raw.items() if values}


@register_job("publicity.posts_export")
def posts_export(job, report) -> JobOutcome:
    posts = selectors.post_list(user=job.owner, filters=_filters(job))
    rows = []
    for post in posts:
        rows.append(
            (
                post.pk,
                post.title,
                post.get_theme_display(),
                post.get_channel_display(),
                post.region.name,
                post.get_status_display(),
                "、".join(d.person.name for d in post.featured_deputies.all()),
                str(post.author or ""),
                post.byline,
                post.planned_date.isoformat() if post.planned_date else "",
                timezone.localtime(post.published_at).strftime("%Y-%m-%d %H:%M") if post.published_at else "",
                post.view_total,
                post.external_url,
                post.summary or plain_text(post.body, 80),
            )
        )
    report(80)
    columns = [str(c) for c in POST_COLUMNS]
    content = xlsx_bytes({_("宣传稿件"): (columns, rows)})
    return JobOutcome(
        message=_("共导出 %(count)d 篇稿件。") % {"count": len(rows)},
        file_name=f"publicity-posts-{timezone.localdate():%Y%m%d}.xlsx",
        file_content=content,
        data={"rows": len(rows)},
    )


@register_job("publicity.brands_export")
def brands_export(job, report) -> JobOutcome:
    queryset = selectors.brand_list(user=job.owner).prefetch_related("publications", "instructions")
    brands = BrandFilterSet(_filters(job), queryset=queryset, request=selectors._RequestLike(job.owner)).qs
    rows = [
        (
            b.name,
            b.get_kind_display(),
            b.region.name,
            b.year,
            b.publication_count,
            b.national_count,
            "；".join(f"{p.outlet}{p.issue}" for p in b.publications.all()),
            b.instruction_count,
            b.description,
        )
        for b in brands
    ]
    columns = [
        _(c) for c in ("名称", "类别", "行政区划", "年度", "刊发推广", "其中全国", "刊发情况", "领导批示", "简介")
    ]
    return JobOutcome(
        message=_("共导出 %(count)d 条。") % {"count": len(rows)},
        file_name=f"publicity-brands-{timezone.localdate():%Y%m%d}.xlsx",
        file_content=xlsx_bytes({_("工作品牌与经验"): (columns, rows)}),
        data={"rows": len(rows)},
    )


def _whole_number(value) -> int:
    """An integer cell, or a number cell holding a whole number (2.5 is refused, not cut to 2)."""
    if isinstance(value, float) and not value.is_integer():
        raise ValueError(value)
    return int(value)


def _parse_views(upload) -> tuple[list[dict], list[dict]]:
    """Rows of (稿件编号, 日期, 阅读量) from the first sheet, and every problem found."""
    import pandas as pd

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
