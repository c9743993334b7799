"""Figures of the deputies area for the statistics rollup."""

from django.utils.translation import gettext_lazy as _

from stats.metrics import Metric, register_area, register_metric

from .choices import DeputyStatus
from .models import CheckIn, Contact, Deputy, Group, TrainingAttendance

register_area("deputies", _("代表"))

register_metric(
    Metric(
        key="deputies_serving",
        label=_("在任代表"),
        area="deputies",
        queryset=lambda: Deputy.objects.filter(status=DeputyStatus.SERVING),
        subgroup_path="level",
    )
)
register_metric(
    Metric(
        key="deputies_by_class",
        label=_("在任代表（按类别）"),
        area="deputies",
        queryset=lambda: Deputy.objects.filter(status=DeputyStatus.SERVING),
        subgroup_path="sector_class",
    )
)
register_metric(
    Metric(
        key="deputy_groups",
        label=_("代表小组及团队"),
        area="deputies",
        queryset=lambda: Group.objects.all(),
        subgroup_path="kind",
    )
)
register_metric(
    Metric(
        key="deputy_contacts",
        label=_("双联联系"),
        area="deputies",
        queryset=lambda: Contact.objects.all(),
        region_path="deputy__region",
        date_path="contacted_on",
        subgroup_path="kind",
    )
)
register_metric(
    Metric(
        key="training_attendances",
        label=_("参加培训人次"),
        area="deputies",
        queryset=lambda: TrainingAttendance.objects.all(),
        region_path="course__region",
        date_path="course__start_date",
    )
)
register_metric(
    Metric(
        key="activity_checkins",
        label=_("履职活动签到"),
        area="deputies",
        queryset=lambda: CheckIn.objects.all(),
        region_path="activity__region",
        date_path="checked_in_at",
    )
)
