from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import RegionScopedModel, StatusEvent

from ..choices import ProblemCategory, ProblemStatus
from ..querysets import InspectionProblemQuerySet


class Inspection(RegionScopedModel):
    """An inspection of stations (专项督查) producing a list of problems to rectify by a deadline."""

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("组织单位所在区划"), related_name="+", on_delete=models.PROTECT
    )
    title = models.CharField(_("名称"), max_length=200)
    date = models.DateField(_("检查日期"))
    stations = models.ManyToManyField(
        "liaison_stations.Station", verbose_name=_("检查站点"), related_name="inspections", blank=True
    )
    summary = models.TextField(_("检查情况"), blank=True)

    class Meta:
        verbose_name = _("站点检查")
        verbose_name_plural = _("站点检查")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("liaison_stations:inspection_detail", args=[self.pk])


class InspectionProblem(RegionScopedModel):
    """A problem found at a station, with who must rectify it and by when (清单式限时整改)."""

    region_lookup = "station__region"

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("检查"), related_name="problems", on_delete=models.CASCADE
    )
    station = models.ForeignKey(
        "liaison_stations.Station", verbose_name=_("联络站"), related_name="problems", on_delete=models.PROTECT
    )
    category = models.CharField(_("问题类别"), max_length=16, choices=ProblemCategory.choices)
    description = models.TextField(_("问题描述"))
    owner = models.CharField(_("整改责任人（单位）"), max_length=100)
    deadline = models.DateField(_("整改期限"), db_index=True)
    status = models.CharField(
        _("整改状态"), max_length=16, choices=ProblemStatus.choices, default=ProblemStatus.OPEN, db_index=True
    )
    rectification = models.TextField(_("整改情况"), blank=True)
    rectified_on = models.DateField(_("整改完成日期"), null=True, blank=True)

    objects = InspectionProblemQuerySet.as_manager()

    class Meta:
        verbose_name = _("检查发现问题")
        verbose_name_plural = _("检查发现问题")
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return self.description[:30]

    def get_absolute_url(self) -> str:
        """A problem has no page of its own: the list of its inspection's problems (seen by whoever sees it)."""
        return f"{reverse('liaison_stations:problem_list')}?inspection={self.inspection_id}"


class InspectionProblemEvent(StatusEvent):
    """One step of a problem's rectification (written by ``core.workflow.move``)."""

    status_choices = ProblemStatus

    problem = models.ForeignKey(
        InspectionProblem, verbose_name=_("检查发现问题"), related_name="events", on_delete=models.CASCADE
    )

    class Meta(StatusEvent.Meta):
        verbose_name = _("整改记录")
        verbose_name_plural = _("整改记录")
