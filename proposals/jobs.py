"""Background jobs: Excel export of any filtered proposal list, in the office's usual columns."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.exports import ROW_NUMBER, ListExport, register_export

from . import selectors
from .choices import CosignStatus, UnitRole
from .filters import ProposalFilterSet


def _units(proposal, role: str) -> str:
    return "、".join(a.unit.name for a in proposal.assignments.all() if a.active and a.role == role)


def _latest_reply(proposal):
    replies = sorted(proposal.replies.all(), key=lambda r: r.round)
    return replies[-1] if replies else None


def _reply_date(proposal):
    latest = _latest_reply(proposal)
    return timezone.localdate(latest.submitted_at) if latest else None


def _rating(proposal):
    latest = _latest_reply(proposal)
    return getattr(latest, "rating", None) if latest else None


def _rating_display(field: str):
    def get(proposal):
        rating = _rating(proposal)
        return getattr(rating, f"get_{field}_display")() if rating else ""

    return get


def _cosigners(proposal) -> str:
    confirmed = (c for c in proposal.cosignatures.all() if c.status == CosignStatus.CONFIRMED)
    return "、".join(c.deputy.person.name for c in confirmed)


def _with_export_joins(proposals):
    return proposals.select_related("key_supervision").prefetch_related(
        "assignments__unit", "cosignatures__deputy__person", "replies__rating"
    )


register_export(
    "proposals.proposal_export",
    ListExport(
        filterset=ProposalFilterSet,
        selector=selectors.proposal_list,
        title=_("议案建议"),
        file_name="议案建议清单",
        message=_("已导出 %(count)d 件。"),
        prepare=_with_export_joins,
        columns=[
            (_("序号"), ROW_NUMBER),
            (_("编号"), "display_number"),
            (_("标题"), "title"),
            (_("类别"), "get_kind_display"),
            (_("领衔代表"), "deputy.person.name"),
            (_("附议代表"), _cosigners),
            (_("分类"), "get_category_display"),
            (_("主办单位"), lambda p: _units(p, UnitRole.LEAD)),
            (_("协办单位"), lambda p: _units(p, UnitRole.CO)),
            (_("状态"), "get_status_display"),
            (_("交办日期"), "assigned_on"),
            (_("办理期限"), "deadline"),
            (_("答复类别"), lambda p: _latest_reply(p).classification if _latest_reply(p) else ""),
            (_("答复日期"), _reply_date),
            (_("办理工作评价"), _rating_display("work_rating")),
            (_("办理结果评价"), _rating_display("result_rating")),
            (_("重点督办"), lambda p: p.key_supervision.leader if hasattr(p, "key_supervision") else ""),
        ],
    ),
)
