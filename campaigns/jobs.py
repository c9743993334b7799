"""Excel exports of the lists and of a whole campaign, run as background jobs.

Each list is filtered with the same FilterSet as its page and API, as the
job's owner, so an export never holds more than the owner may see.
"""

from types import SimpleNamespace

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exports import xlsx_bytes
from core.jobs import JobOutcome, register_job

from . import selectors
from .choices import ListKind
from .filters import CampaignActivityFilterSet
from .models import Campaign


def _date(value) -> str:
    return value.strftime("%Y-%m-%d") if value else ""


def _names(deputies) -> str:
    return "、".join(d.person.name for d in deputies)


def _columns(kind: str):
    """(headers, row builder) for one list."""
    base = [_("编号"), _("标题"), _("所属地区"), _("区划代码"), _("主题活动"), _("具体内容")]

    def common(item):
        return [item.pk, item.title, item.region.name, item.region.code, item.campaign.name, item.description]

    if kind == ListKind.WORK:
        return [*base, _("责任单位"), _("完成时限"), _("问题数")], lambda i: [
            *common(i),
            i.responsible_unit,
            _date(i.due_date),
            i.problem_count,
        ]
    if kind == ListKind.PROBLEM:
        return [*base, _("对应工作清单编号"), _("发现问题的代表"), _("发现日期"), _("形成建议数")], lambda i: [
            *common(i),
            i.work_item_id or "",
            _names(i.deputies.all()),
            _date(i.found_on),
            i.suggestion_count,
        ]
    if kind == ListKind.SUGGESTION:
        return [*base, _("来源问题编号"), _("正式建议编号"), _("成果数")], lambda i: [
            *common(i),
            "、".join(str(link.problem_id) for link in i.problem_links.all()),
            i.formal_suggestion_number,
            i.result_count,
        ]
    return [*base, _("来源建议编号"), _("来源问题编号"), _("来源工作编号"), _("取得日期")], lambda i: [
        *common(i),
        i.suggestion_id or "",
        i.problem_id or "",
        i.work_item_id or "",
        _date(i.achieved_on),
    ]


def _item_rows(kind: str, user, filters: dict):
    queryset = selectors.item_list(kind=kind, user=user, filters=filters, request=SimpleNamespace(user=user))
    if kind == ListKind.PROBLEM:
        queryset = queryset.prefetch_related("deputies__person")
    if kind == ListKind.SUGGESTION:
        queryset = queryset.prefetch_related("problem_links")
    headers, build = _columns(kind)
    return headers, [build(item) for item in queryset.iterator(chunk_size=2000)]


def _activity_rows(user, filters: dict):
    queryset = CampaignActivityFilterSet(
        data=filters, queryset=selectors.activity_queryset(user=user), request=SimpleNamespace(user=user)
    ).qs
    headers = [
        _("活动名称"),
        _("活动类型"),
        _("活动日期"),
        _("所属地区"),
        _("主题活动"),
        _("参加代表数"),
        _("参加人次"),
        _("反映问题数"),
    ]
    rows = [
        [
            a.title,
            a.get_activity_type_display(),
            _date(a.held_on),
            a.region.name,
            a.campaign.name,
            a.deputy_count,
            a.person_times,
            a.problems_reported,
        ]
        for a in queryset
    ]
    return headers, rows


def _query(params: dict) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, values in params.items():
        query.setlist(key, values if isinstance(values, list) else [values])
    return query


def _list_export(kind: str):
    def handler(job, report) -> JobOutcome:
        headers, rows = _item_rows(kind, job.owner, _query(job.params.get("filters", {})))
        label = ListKind(kind).label
        return JobOutcome(
            message=_("已导出 %(count)d 条。") % {"count": len(rows)},
            file_name=f"{label}-{timezone.localdate():%Y%m%d}.xlsx",
            file_content=xlsx_bytes({str(label): (headers, rows)}),
            data={"rows": len(rows)},
        )

    return handler


for _kind, _name in (
    (ListKind.WORK, "work_item"),
    (ListKind.PROBLEM, "problem"),
    (ListKind.SUGGESTION, "suggestion"),
    (ListKind.RESULT, "result"),
):
    register_job(f"campaigns.{_name}_export")(_list_export(_kind))


@register_job("campaigns.activity_export")
def activity_export(job, report) -> JobOutcome:
    headers, rows = _activity_rows(job.owner, _query(job.params.get("filters", {})))
    return JobOutcome(
        message=_("已导出 %(count)d 条。") % {"count": len(rows)},
        file_name=f"{_('活动开展情况')}-{timezone.localdate():%Y%m%d}.xlsx",
        file_content=xlsx_bytes({_("活动开展情况"): (headers, rows)}),
        data={"rows": len(rows)},
    )


@register_job("campaigns.campaign_export")
def campaign_export(job, report) -> JobOutcome:
    """One workbook per campaign: a sheet for each of the four lists and one for participation."""
    user = job.owner
    campaign = Campaign.objects.visible_to(user).get(pk=job.params["campaign_id"])
    filters = {"campaign": str(campaign.pk)}
    if job.params.get("region"):
        filters["region"] = job.params["region"]
    sheets = {}
    counts = {}
    for step, kind in enumerate(ListKind, start=1):
        headers, rows = _item_rows(kind, user, _query(filters))
        sheets[str(kind.label)] = (headers, rows)
        counts[kind.value] = len(rows)
        report(step * 20)
    sheets[_("活动开展情况")] = _activity_rows(user, _query(filters))
    return JobOutcome(
        message=_("已导出工作清单%(work)d条、问题清单%(problem)d条、建议清单%(suggestion)d条、成果清单%(result)d条。")
        % counts,
        file_name=f"{campaign.name}-{_('四张清单')}-{timezone.localdate():%Y%m%d}.xlsx",
        file_content=xlsx_bytes(sheets),
        data=counts,
    )
