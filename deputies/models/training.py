from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import RegionScopedModel
from core.scoping import region_prefix_for, region_within_q

from ..choices import TrainingClass


class TrainingCourse(RegionScopedModel):
    """A training course held by a congress's deputy-work office."""

    title = models.CharField(_("课程名称"), max_length=200)
    training_class = models.CharField(_("培训类别"), max_length=16, choices=TrainingClass.choices)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("举办单位所在行政区划"), related_name="+", on_delete=models.PROTECT
    )
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    hours = models.DecimalField(_("学时"), max_digits=5, decimal_places=1)
    location = models.CharField(_("地点"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("培训课程")
        verbose_name_plural = _("培训课程")
        ordering = ["-start_date", "title"]

    def __str__(self) -> str:
        return self.title


class TrainingAttendance(RegionScopedModel):
    """A deputy's attendance at a course, with the hours credited."""

    region_lookup = "course__region"
    owner_lookup = "deputy__person__user"

    course = models.ForeignKey(
        TrainingCourse, verbose_name=_("课程"), related_name="attendances", on_delete=models.CASCADE
    )
    deputy = models.ForeignKey(
        "deputies.Deputy", verbose_name=_("代表"), related_name="trainings", on_delete=models.CASCADE
    )
    attended = models.BooleanField(_("已参加"), default=True)
    hours = models.DecimalField(_("获得学时"), max_digits=5, decimal_places=1)

    class Meta:
        verbose_name = _("参训记录")
        verbose_name_plural = _("参训记录")
        ordering = ["-course__start_date"]
        constraints = [
            models.UniqueConstraint(fields=["course", "deputy"], name="training_one_attendance_per_deputy"),
        ]

    def __str__(self) -> str:
        return f"{self.course} · {self.deputy}"

    @classmethod
    def extra_visibility(cls, user) -> models.Q | None:
        # A course run by the province still counts in the record kept by the deputy's county.
        prefix = region_prefix_for(user)
        return None if prefix is None else region_within_q("deputy__region", prefix)
