"""Background exports: each list's Excel export is declared once (core.exports.ListExport) over the page's FilterSet."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exports import ListExport, register_export, xlsx_bytes
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


def _names(deputies) -> str:
    return "、".join(d.person.name for d in deputies)


register_export(
    "liaison_stations.stations",
    ListExport(
        filterset=StationFilterSet,
        selector=selectors.station_list,
        title=gettext_lazy("联络站（点）名录"),
        file_name="stations",
        columns=[
            (gettext_lazy("名称"), "name"),
            (gettext_lazy("类型"), "get_kind_display"),
            (gettext_lazy("县（市、区）"), "region.parent.name"),
            (gettext_lazy("乡镇（街道）"), "region.name"),
            (gettext_lazy("地址"), "address"),
            (gettext_lazy("开放时间"), "opening_hours"),
            (gettext_lazy("联系人"), "contact_name"),
            (gettext_lazy("联系电话"), "contact_phone"),
            (gettext_lazy("进站代表数"), "deputy_count"),
            (gettext_lazy("运行中"), "is_active"),
        ],
    ),
)

register_export(
    "liaison_stations.receptions",
    ListExport(
        filterset=ReceptionFilterSet,
        selector=selectors.reception_list,
        title=gettext_lazy("进站接待记录"),
        file_name="receptions",
        columns=[
            (gettext_lazy("日期"), "date"),
            (gettext_lazy("联络站"), "station.name"),
            (gettext_lazy("乡镇（街道）"), "region.name"),
            (gettext_lazy("接待代表"), lambda r: _names(r.deputy_list)),
            (gettext_lazy("接待人次"), "visitor_count"),
            (gettext_lazy("接待主题"), "topics"),
        ],
    ),
)

OPINION_COLUMNS = [
    (gettext_lazy("标题"), "title"),
    (gettext_lazy("反映内容"), "content"),
    (gettext_lazy("类别"), "get_category_display"),
    (gettext_lazy("来源"), "get_source_display"),
    (gettext_lazy("联络站"), "station.name"),
    (gettext_lazy("发生地点"), "location"),
    (gettext_lazy("状态"), "get_status_display"),
    (gettext_lazy("当前环节期限"), "step_due_date"),
    (gettext_lazy("是否超期"), "is_overdue"),
    (gettext_lazy("承办部门"), "assigned_unit"),
    (gettext_lazy("承办代表"), "assigned_deputy.person.name"),
    (gettext_lazy("答复内容"), "reply"),
    (gettext_lazy("群众评价"), "get_rating_display"),
    (gettext_lazy("登记时间"), "created_at"),
]

# The full list, the staff's work queue and a deputy's own items: one export each, so
# each page exports what it shows.
for _kind, _selector in (
    ("liaison_stations.opinions", selectors.opinion_list),
    ("liaison_stations.opinion_queue", selectors.opinion_work_queue),
    ("liaison_stations.opinions_mine", selectors.opinion_assigned_to),
):
    register_export(
        _kind,
        ListExport(
            filterset=OpinionItemFilterSet,
            selector=_selector,
            title=gettext_lazy("民情民意清单"),
            file_name="opinions",
            columns=OPINION_COLUMNS,
        ),
    )

register_export(
    "liaison_stations.consultations",
    ListExport(
        filterset=ConsultationFilterSet,
        selector=selectors.consultation_list,
        title=gettext_lazy("进站协商活动"),
        file_name="consultations",
        columns=[
            (gettext_lazy("日期"), "date"),
            (gettext_lazy("联络站"), "station.name"),
            (gettext_lazy("单位类别"), "get_body_kind_display"),
            (gettext_lazy("单位名称"), "body_name"),
            (gettext_lazy("主题"), "topic"),
            (gettext_lazy("参加人员"), "participants"),
            (gettext_lazy("参加人数"), "participant_count"),
            (gettext_lazy("活动成效"), "outcome"),
        ],
    ),
)

register_export(
    "liaison_stations.evaluations",
    ListExport(
        filterset=StationEvaluationFilterSet,
        selector=selectors.evaluation_ranking,
        title=gettext_lazy("联络站评价排名"),
        file_name="evaluations",
        columns=[
            (gettext_lazy("排名"), "rank"),
            (gettext_lazy("年度"), "indicator_set.year"),
            (gettext_lazy("季度"), "get_quarter_display"),
            (gettext_lazy("联络站"), "station.name"),
            (gettext_lazy("乡镇（街道）"), "station.region.name"),
            (gettext_lazy("自评得分"), "self_total"),
            (gettext_lazy("考评得分"), "review_total"),
        ],
    ),
)

register_export(
    "liaison_stations.problems",
    ListExport(
        filterset=InspectionProblemFilterSet,
        selector=selectors.problem_list,
        title=gettext_lazy("检查问题整改清单"),
        file_name="problems",
        columns=[
            (gettext_lazy("检查"), "inspection.title"),
            (gettext_lazy("联络站"), "station.name"),
            (gettext_lazy("问题类别"), "get_category_display"),
            (gettext_lazy("问题描述"), "description"),
            (gettext_lazy("整改责任人（单位）"), "owner"),
            (gettext_lazy("整改期限"), "deadline"),
            (gettext_lazy("整改状态"), "get_status_display"),
            (gettext_lazy("是否超期"), "is_overdue"),
            (gettext_lazy("整改情况"), "rectification"),
        ],
    ),
)


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
