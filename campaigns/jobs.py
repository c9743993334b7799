"""Excel exports of the lists and of a whole campaign, run as background jobs.

Each list export is declared once (``core.exports.ListExport``) over the same selector and
FilterSet as its page, and runs as the job's owner, so an export never holds more than the
owner may see. The whole-campaign workbook reuses those declarations, one sheet per list.
"""

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exports import ListExport, register_export, xlsx_bytes
from core.jobs import JobOutcome, register_job

from . import selectors
from .choices import ListKind
from .filters import ITEM_FILTERSETS, CampaignActivityFilterSet
from .models import Campaign


def _names(deputies) -> str:
    return "、".join(d.person.name for d in deputies)


_COMMON = [
    (gettext_lazy("编号"), "pk"),
    (gettext_lazy("标题"), "title"),
    (gettext_lazy("所属地区"), "region.name"),
    (gettext_lazy("区划代码"), "region.code"),
    (gettext_lazy("主题活动"), "campaign.name"),
    (gettext_lazy("具体内容"), "description"),
]

_ITEM_COLUMNS = {
    ListKind.WORK: [
        (gettext_lazy("责任单位"), "responsible_unit"),
        (gettext_lazy("完成时限"), "due_date"),
        (gettext_lazy("问题数"), "problem_count"),
    ],
    ListKind.PROBLEM: [
        (gettext_lazy("对应工作清单编号"), "work_item_id"),
        (gettext_lazy("发现问题的代表"), lambda i: _names(i.deputies.all())),
        (gettext_lazy("发现日期"), "found_on"),
        (gettext_lazy("形成建议数"), "suggestion_count"),
    ],
    ListKind.SUGGESTION: [
        (gettext_lazy("来源问题编号"), lambda i: "、".join(str(link.problem_id) for link in i.problem_links.all())),
        (gettext_lazy("正式建议编号"), "formal_suggestion_number"),
        (gettext_lazy("成果数"), "result_count"),
    ],
    ListKind.RESULT: [
        (gettext_lazy("来源建议编号"), "suggestion_id"),
        (gettext_lazy("来源问题编号"), "problem_id"),
        (gettext_lazy("来源工作编号"), "work_item_id"),
        (gettext_lazy("取得日期"), "achieved_on"),
    ],
}

# Joins only the export's columns need (the pages show counts, the sheets list the sources).
_ITEM_PREPARE = {ListKind.SUGGESTION: lambda items: items.prefetch_related("problem_links")}

ITEM_EXPORTS = {
    kind: register_export(
        f"campaigns.{name}_export",
        ListExport(
            filterset=ITEM_FILTERSETS[kind],
            selector=selectors.ITEM_QUERYSETS[kind],
            title=kind.label,
            columns=[*_COMMON, *_ITEM_COLUMNS[kind]],
            prepare=_ITEM_PREPARE.get(kind),
        ),
    )
    for kind, name in (
        (ListKind.WORK, "work_item"),
        (ListKind.PROBLEM, "problem"),
        (ListKind.SUGGESTION, "suggestion"),
        (ListKind.RESULT, "result"),
    )
}

ACTIVITY_EXPORT = register_export(
    "campaigns.activity_export",
    ListExport(
        filterset=CampaignActivityFilterSet,
        selector=selectors.activity_queryset,
        title=gettext_lazy("活动开展情况"),
        columns=[
            (gettext_lazy("活动名称"), "title"),
            (gettext_lazy("活动类型"), "get_activity_type_display"),
            (gettext_lazy("活动日期"), "held_on"),
            (gettext_lazy("所属地区"), "region.name"),
            (gettext_lazy("主题活动"), "campaign.name"),
            (gettext_lazy("参加代表数"), "deputy_count"),
            (gettext_lazy("参加人次"), "person_times"),
            (gettext_lazy("反映问题数"), "problems_reported"),
        ],
    ),
)


@register_job("campaigns.campaign_export")
def campaign_export(job, report) -> JobOutcome:
    """One workbook per campaign: a sheet for each of the four lists and one for participation."""
    user = job.owner
    campaign = Campaign.objects.visible_to(user).get(pk=job.params["campaign_id"])
    filters = QueryDict(mutable=True)
    filters["campaign"] = str(campaign.pk)
    if job.params.get("region"):
        filters["region"] = job.params["region"]
    sheets = {}
    counts = {}
    for step, kind in enumerate(ListKind, start=1):
        headers, rows = ITEM_EXPORTS[kind].sheet(user=user, filters=filters)
        rows = list(rows)
        sheets[str(kind.label)] = (headers, rows)
        counts[kind.value] = len(rows)
        report(step * 20)
    sheets[_("活动开展情况")] = ACTIVITY_EXPORT.sheet(user=user, filters=filters)
    return JobOutcome(
        message=_("已导出工作清单%(work)d条、问题清单%(problem)d条、建议清单%(suggestion)d条、成果清单%(result)d条。")
        % counts,
        file_name=f"{campaign.name}-{_('四张清单')}-{timezone.localdate():%Y%m%d}.xlsx",
        file_content=xlsx_bytes(sheets),
        data=counts,
    )
