"""Figures of the liaison-station area for the statistics rollup."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stats.metrics import Metric, Share, register_area, register_metric, register_share

from .choices import OpinionStatus, Rating
from .models import Consultation, InspectionProblem, OpinionItem, Reception, Solicitation, SolicitationOpinion, Station

register_area("liaison_stations", _("联络站"))

register_metric(
    Metric(
        key="stations_active",
        label=_("运行中的联络站（点）"),
        area="liaison_stations",
        queryset=lambda: Station.objects.filter(is_active=True),
        subgroup_path="kind",
    )
)
register_metric(
    Metric(
        key="station_receptions",
        label=_("代表进站接待次数"),
        area="liaison_stations",
        queryset=lambda: Reception.objects.all(),
        date_path="date",
    )
)
register_metric(
    Metric(
        key="station_visitors",
        label=_("进站接待群众人次"),
        area="liaison_stations",
        queryset=lambda: Reception.objects.all(),
        date_path="date",
        value=lambda: models.Sum("visitor_count"),
        unit=_("人次"),
    )
)
register_metric(
    Metric(
        key="opinions_collected",
        label=_("收集民情民意"),
        area="liaison_stations",
        queryset=lambda: OpinionItem.objects.all(),
        date_path="created_at",
        subgroup_path="category",
    )
)
register_metric(
    Metric(
        key="opinions_closed",
        label=_("办结民情民意"),
        area="liaison_stations",
        queryset=lambda: OpinionItem.objects.filter(status=OpinionStatus.CLOSED),
        date_path="closed_at",
    )
)
register_metric(
    Metric(
        key="opinions_satisfied",
        label=_("群众满意的民情民意"),
        area="liaison_stations",
        queryset=lambda: OpinionItem.objects.filter(rating__in=[Rating.SATISFIED, Rating.BASICALLY_SATISFIED]),
        date_path="closed_at",
    )
)
register_metric(
    Metric(
        key="solicitation_projects",
        label=_("立法监督项目进站征求意见"),
        area="liaison_stations",
        queryset=lambda: Solicitation.objects.all(),
        date_path="start_date",
        subgroup_path="kind",
    )
)
register_metric(
    Metric(
        key="solicitation_opinions",
        label=_("站点征集立法监督意见"),
        area="liaison_stations",
        queryset=lambda: SolicitationOpinion.objects.all(),
        region_path="station__region",
        date_path="created_at",
    )
)
register_metric(
    Metric(
        key="station_consultations",
        label=_("“一府一委两院”进站协商活动"),
        area="liaison_stations",
        queryset=lambda: Consultation.objects.all(),
        region_path="station__region",
        date_path="date",
        subgroup_path="body_kind",
    )
)
# Stock figure: items whose current step is past its deadline today.
register_metric(
    Metric(
        key="opinions_overdue",
        label=_("超期未办结民情民意"),
        area="liaison_stations",
        queryset=lambda: OpinionItem.objects.exclude(status=OpinionStatus.CLOSED).filter(
            step_due_date__lt=timezone.localdate()
        ),
    )
)
register_metric(
    Metric(
        key="inspection_problems",
        label=_("检查发现问题"),
        area="liaison_stations",
        queryset=lambda: InspectionProblem.objects.all(),
        region_path="station__region",
        date_path="created_at",
    )
)
register_share(
    Share(
        key="opinions_closed_share",
        label=_("民情民意办结率"),
        area="liaison_stations",
        numerator="opinions_closed",
        denominator="opinions_collected",
        definition=_("办结民情民意 ÷ 收集民情民意"),
    )
)
