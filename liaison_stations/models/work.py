from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import RegionScopedModel
from core.scoping import region_prefix_for

from ..choices import ConsultingBody, SolicitationKind


class Solicitation(RegionScopedModel):
    """A legislative or supervision project opened at chosen stations for opinions (立法监督项目进站)."""

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("组织单位所在区划"), related_name="+", on_delete=models.PROTECT
    )
    title = models.CharField(_("项目名称"), max_length=200)
    kind = models.CharField(_("项目类型"), max_length=16, choices=SolicitationKind.choices)
    description = models.TextField(_("说明"), blank=True)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("截止日期"))
    stations = models.ManyToManyField(
        "liaison_stations.Station", verbose_name=_("征求意见站点"), related_name="solicitations", blank=True
    )

    class Meta:
        verbose_name = _("立法监督征求意见")
        verbose_name_plural = _("立法监督征求意见")
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="solicitation_period_valid"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("liaison_stations:solicitation_detail", args=[self.pk])

    @classmethod
    def extra_visibility(cls, user) -> models.Q | None:
        # Staff of a county see an upper-level project opened at their stations.
        prefix = region_prefix_for(user)
        if prefix is None:
            return None
        through = cls.stations.through.objects.filter(station__region__code__startswith=prefix)
        return models.Q(pk__in=through.values("solicitation_id"))


class SolicitationOpinion(RegionScopedModel):
    """Opinions gathered at one station on a solicitation project."""

    region_lookup = "station__region"

    solicitation = models.ForeignKey(
        Solicitation, verbose_name=_("征求意见项目"), related_name="opinions", on_delete=models.CASCADE
    )
    station = models.ForeignKey(
        "liaison_stations.Station",
        verbose_name=_("联络站"),
        related_name="solicitation_opinions",
        on_delete=models.PROTECT,
    )
    clause = models.CharField(_("涉及条款"), max_length=100, blank=True)
    content = models.TextField(_("意见内容"))
    contributor_count = models.PositiveIntegerField(_("提出人数"), default=1)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )

    class Meta:
        verbose_name = _("站点征集意见")
        verbose_name_plural = _("站点征集意见")
        ordering = ["station__name", "pk"]

    def __str__(self) -> str:
        return self.content[:30]


class Consultation(RegionScopedModel):
    """A government department, supervisory commission, court or procuratorate consulting at a station."""

    region_lookup = "station__region"

    station = models.ForeignKey(
        "liaison_stations.Station", verbose_name=_("联络站"), related_name="consultations", on_delete=models.PROTECT
    )
    date = models.DateField(_("活动日期"), db_index=True)
    body_kind = models.CharField(_("单位类别"), max_length=16, choices=ConsultingBody.choices)
    body_name = models.CharField(_("单位名称"), max_length=100)
    topic = models.CharField(_("主题"), max_length=200)
    participants = models.TextField(_("参加人员"), blank=True)
    participant_count = models.PositiveIntegerField(_("参加人数"), default=0)
    outcome = models.TextField(_("活动成效"), blank=True)

    class Meta:
        verbose_name = _("进站协商活动")
        verbose_name_plural = _("进站协商活动")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return self.topic
