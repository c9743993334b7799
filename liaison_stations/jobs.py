"""Background exports: each list's Excel export uses the same FilterSet as the page."""

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exports import xlsx_bytes
from core.jobs import JobOutcome, register_job

from . import selectors
from .filters import (
    ConsultationFilterSet,
    InspectionProblemFilterSet,
    OpinionItemFilterSet,
    ReceptionFilterSet,
    StationEvaluationFilterSet,
    StationFilterSet,
)
from .models import Solicitation


class _Request:
    """The job owner standing in for the request that filter choices are built from."""

    def __init__(self, user):
        self.user = user


def _filtered(job, filterset_class, queryset):
    data = QueryDict(mutable=True)
    for key, values in (job.params.get("filters") or {}).items():
        data.setlist(key, values if isinstance(values, list) else [values])
    filterset = filterset_class(data=data, queryset=queryset, request=_Request(job.owner))
    if not filterset.is_valid():
        return queryset.none()
    return filterset.qs


def _d(value) -> str:
    return f"{value:%Y-%m-%d}" if value else ""


def _outcome(name: str, columns, rows) -> JobOutcome:
    rows = list(rows)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return JobOutcome(
        message=_("共导出 %(n)s 条记录。") % {"n": len(rows)},
        file_name=f"{name}-{stamp}.xlsx",
        file_content=xlsx_bytes({name: (columns, rows)}),
        data={"rows": len(rows)},
    )


@register_job("liaison_stations.stations")
def export_stations(job, report):
    qs = _filtered(job, StationFilterSet, selectors.station_list(user=job.owner))
    columns = [
        _("名称"),
        _("类型"),
        _("县（市、区）"),
        _("乡镇（街道）"),
        _("地址"),
        _("开放时间"),
        _("联系人"),
        _("联系电话"),
        _("进站代表数"),
        _("运行中"),
    ]
    rows = (
        [
            s.name,
            s.get_kind_display(),
            s.region.parent.name if s.region.parent else "",
            s.region.name,
            s.address,
            s.opening_hours,
            s.contact_name,
            s.contact_phone,
            s.deputy_count,
            _("是") if s.is_active else _("否"),
        ]
        for s in qs.iterator(chunk_size=1000)
    )
    return _outcome("stations", columns, rows)


@register_job("liaison_stations.receptions")
def export_receptions(job, report):
    qs = _filtered(job, ReceptionFilterSet, selectors.reception_list(user=job.owner))
    columns = [_("日期"), _("联络站"), _("乡镇（街道）"), _("接待代表"), _("接待人次"), _("接待主题")]
    rows = (
        [
            _d(r.date),
            r.station.name,
            r.region.name,
            "、".join(d.person.name for d in r.deputy_list),
            r.visitor_count,
            r.topics,
        ]
        for r in qs
    )
    return _outcome("receptions", columns, rows)


@register_job("liaison_stations.opinions")
def export_opinions(job, report):
    qs = _filtered(job, OpinionItemFilterSet, selectors.opinion_list(user=job.owner))
    columns = [
        _("标题"),
        _("反映内容"),
        _("类别"),
        _("来源"),
        _("联络站"),
        _("发生地点"),
        _("状态"),
        _("当前环节期限"),
        _("是否超期"),
        _("承办部门"),
        _("承办代表"),
        _("答复内容"),
        _("群众评价"),
        _("登记时间"),
    ]
    rows = (
        [
            i.title,
            i.content,
            i.get_category_display(),
            i.get_source_display(),
            i.station.name if i.station else "",
            i.location,
            i.get_status_display(),
            _d(i.step_due_date),
            _("是") if i.is_overdue else _("否"),
            i.assigned_unit,
            i.assigned_deputy.person.name if i.assigned_deputy else "",
            i.reply,
            i.get_rating_display(),
            timezone.localtime(i.created_at).strftime("%Y-%m-%d %H:%M"),
        ]
        for i in qs.iterator(chunk_size=1000)
    )
    return _outcome("opinions", columns, rows)


@register_job("liaison_stations.consultations")
def export_consultations(job, report):
    qs = _filtered(job, ConsultationFilterSet, selectors.consultation_list(user=job.owner))
    columns = [
        _("日期"),
        _("联络站"),
        _("单位类别"),
        _("单位名称"),
        _("主题"),
        _("参加人员"),
        _("参加人数"),
        _("活动成效"),
    ]
    rows = (
        [
            _d(c.date),
            c.station.name,
            c.get_body_kind_display(),
            c.body_name,
            c.topic,
            c.participants,
            c.participant_count,
            c.outcome,
        ]
        for c in qs.iterator(chunk_size=1000)
    )
    return _outcome("consultations", columns, rows)


@register_job("liaison_stations.evaluations")
def export_evaluations(job, report):
    qs = _filtered(job, StationEvaluationFilterSet, selectors.evaluation_ranking(user=job.owner))
    columns = [_("排名"), _("年度"), _("季度"), _("联络站"), _("乡镇（街道）"), _("自评得分"), _("考评得分")]
    rows = (
        [
            e.rank,
            e.indicator_set.year,
            e.get_quarter_display(),
            e.station.name,
            e.station.region.name,
            e.self_total,
            e.review_total,
        ]
        for e in qs
    )
    return _outcome("evaluations", columns, rows)


@register_job("liaison_stations.problems")
def export_problems(job, report):
    qs = _filtered(job, InspectionProblemFilterSet, selectors.problem_list(user=job.owner))
    columns = [
        _("检查"),
        _("联络站"),
        _("问题类别"),
        _("问题描述"),
        _("整改责任人（单位）"),
        _("整改期限"),
        _("整改状态"),
        _("是否超期"),
        _("整改情况"),
    ]
    rows = (
        [
            p.inspection.title,
            p.station.name,
            p.get_category_display(),
            p.description,
            p.owner,
            _d(p.deadline),
            p.get_status_display(),
            _("是") if p.is_overdue else _("否"),
            p.rectification,
        ]
        for p in qs.iterator(chunk_size=1000)
    )
    return _outcome("problems", columns, rows)


@register_job("liaison_stations.solicitation_summary")
def export_solicitation_summary(job, report):
    """Two sheets: opinion counts per station, and every opinion."""
    solicitation = Solicitation.objects.visible_to(job.owner).get(pk=job.params["solicitation_id"])
    summary = selectors.solicitation_summary(solicitation=solicitation, user=job.owner)
    opinions = selectors.solicitation_opinions(solicitation=solicitation, user=job.owner)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    content = xlsx_bytes(
        {
            _("汇总"): (
                [_("联络站"), _("乡镇（街道）"), _("意见条数"), _("提出人数")],
                [[s.name, s.region.name, s.opinion_count, s.contributor_total or 0] for s in summary],
            ),
            _("意见明细"): (
                [_("联络站"), _("乡镇（街道）"), _("涉及条款"), _("意见内容"), _("提出人数")],
                [[o.station.name, o.station.region.name, o.clause, o.content, o.contributor_count] for o in opinions],
            ),
        }
    )
    return JobOutcome(
        message=_("已汇总 %(n)s 条意见。") % {"n": len(opinions)},
        file_name=f"solicitation-{solicitation.pk}-{stamp}.xlsx",
        file_content=content,
    )
