"""Background jobs: Excel export of any filtered proposal list, in the office's usual columns."""

from types import SimpleNamespace

from django.http import QueryDict
from django.utils.translation import gettext as _

from core.exports import xlsx_bytes
from core.jobs import JobOutcome, register_job

from . import selectors
from .choices import UnitRole

COLUMNS = [
    "序号",
    "编号",
    "标题",
    "类别",
    "领衔代表",
    "附议代表",
    "分类",
    "主办单位",
    "协办单位",
    "状态",
    "交办日期",
    "办理期限",
    "答复类别",
    "答复日期",
    "办理工作评价",
    "办理结果评价",
    "重点督办",
]


def _date(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


@register_job("proposals.proposal_export")
def proposal_export(job, report) -> JobOutcome:
    """Export exactly what the list showed: the owner's visibility plus the list's filters."""
    query = QueryDict(mutable=True)
    for key, values in (job.params.get("filters") or {}).items():
        query.setlist(key, values)
    request = SimpleNamespace(user=job.owner)
    proposals = (
        selectors.proposal_list(user=job.owner, filters=query, request=request)
        .select_related("key_supervision")
        .prefetch_related("assignments__unit", "cosignatures__deputy__person", "replies__rating")
        .order_by("kind", "number", "pk")
    )
    rows = []
    for index, p in enumerate(proposals, start=1):
        active = [a for a in p.assignments.all() if a.active]
        replies = sorted(p.replies.all(), key=lambda r: r.round)
        latest = replies[-1] if replies else None
        rating = getattr(latest, "rating", None) if latest else None
        rows.append(
            [
                index,
                p.display_number,
                p.title,
                p.get_kind_display(),
                p.deputy.person.name,
                "、".join(c.deputy.person.name for c in p.cosignatures.all() if c.status == "confirmed"),
                p.get_category_display(),
                "、".join(a.unit.name for a in active if a.role == UnitRole.LEAD),
                "、".join(a.unit.name for a in active if a.role == UnitRole.CO),
                p.get_status_display(),
                _date(p.assigned_on),
                _date(p.deadline),
                latest.classification if latest else "",
                _date(latest.submitted_at.date()) if latest else "",
                rating.get_work_rating_display() if rating else "",
                rating.get_result_rating_display() if rating else "",
                p.key_supervision.leader if hasattr(p, "key_supervision") else "",
            ]
        )
        if index % 200 == 0:
            report(min(95, index * 100 // max(1, len(rows))))
    content = xlsx_bytes({_("议案建议"): (COLUMNS, rows)})
    return JobOutcome(
        message=_("已导出 %(n)d 件。") % {"n": len(rows)}, file_name="议案建议清单.xlsx", file_content=content
    )
