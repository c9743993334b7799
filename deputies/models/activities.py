import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import RegionScopedModel
from core.scoping import region_prefix_for, region_within_q

from ..choices import ActivityKind, CheckInMethod


def new_activity_code() -> str:
    return secrets.token_urlsafe(9)


class Activity(RegionScopedModel):
    """A duty activity; its activity code (活动码) opens the public check-in and feedback page."""

    title = models.CharField(_("活动名称"), max_length=200)
    kind = models.CharField(_("活动类型"), max_length=16, choices=ActivityKind.choices, default=ActivityKind.OTHER)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("组织单位所在行政区划"), related_name="+", on_delete=models.PROTECT
    )
    held_on = models.DateField(_("活动日期"), db_index=True)
    location = models.CharField(_("地点"), max_length=200, blank=True)
    description = models.TextField(_("活动内容"), blank=True)
    check_in_open = models.BooleanField(_("开放签到"), default=True)
    public_code = models.CharField(_("活动码"), max_length=16, unique=True, default=new_activity_code, editable=False)

    class Meta:
        verbose_name = _("履职活动")
        verbose_name_plural = _("履职活动")
        ordering = ["-held_on", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("deputies:activity_detail", args=[self.pk])


class CheckIn(RegionScopedModel):
    """A deputy's check-in at an activity: one duty record (履职记录) with optional feedback."""

    region_lookup = "activity__region"
    owner_lookup = "deputy__person__user"

    activity = models.ForeignKey(Activity, verbose_name=_("活动"), related_name="check_ins", on_delete=models.CASCADE)
    deputy = models.ForeignKey(
        "deputies.Deputy", verbose_name=_("代表"), related_name="check_ins", on_delete=models.CASCADE
    )
    method = models.CharField(_("签到方式"), max_length=16, choices=CheckInMethod.choices)
    checked_in_at = models.DateTimeField(_("签到时间"))
    feedback = models.TextField(_("意见反馈"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )

    class Meta:
        verbose_name = _("活动签到")
        verbose_name_plural = _("活动签到")
        ordering = ["-checked_in_at"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "deputy"], name="checkin_once_per_activity"),
        ]

    def __str__(self) -> str:
        return f"{self.activity} · {self.deputy}"

    @classmethod
    def extra_visibility(cls, user) -> models.Q | None:
        prefix = region_prefix_for(user)
        return None if prefix is None else region_within_q("deputy__region", prefix)
