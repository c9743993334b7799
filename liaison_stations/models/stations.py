import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import RegionScopedModel

from ..choices import StationKind


def new_station_code() -> str:
    return secrets.token_urlsafe(9)


class Station(RegionScopedModel):
    """A liaison station or point (站/点) in a township or street."""

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=16, choices=StationKind.choices, default=StationKind.STATION)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所在乡镇（街道）"), related_name="liaison_stations", on_delete=models.PROTECT
    )
    address = models.CharField(_("地址"), max_length=200)
    opening_hours = models.CharField(_("开放时间"), max_length=200, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=64, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    description = models.TextField(_("简介"), blank=True)
    is_active = models.BooleanField(_("运行中"), default=True)
    deputies = models.ManyToManyField(
        "deputies.Deputy", verbose_name=_("进站代表"), related_name="liaison_stations", blank=True
    )
    # Opaque code behind the station's QR code; ids are never exposed publicly.
    public_code = models.CharField(_("站点码"), max_length=16, unique=True, default=new_station_code, editable=False)

    class Meta:
        verbose_name = _("联络站（点）")
        verbose_name_plural = _("联络站（点）")
        ordering = ["region__code", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="station_unique_name_in_region")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("liaison_stations:station_detail", args=[self.pk])

    def public_submit_path(self) -> str:
        return f"{reverse('liaison_stations:public_submit')}?station={self.public_code}"


class Reception(RegionScopedModel):
    """Deputies receiving residents at a station (代表进站接待)."""

    # Found by reception_station_date_idx, which leads with the station.
    station = models.ForeignKey(
        Station, verbose_name=_("联络站"), related_name="receptions", on_delete=models.PROTECT, db_index=False
    )
    # The station's region when the reception was recorded, kept on the row so
    # that a jurisdiction's receptions are found, counted and paged by one
    # index instead of through every station; a station moved later keeps its
    # past receptions where they happened, as the yearly figures do.
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("行政区划"),
        related_name="+",
        on_delete=models.PROTECT,
        editable=False,
        db_index=False,
    )
    date = models.DateField(_("接待日期"))
    deputies = models.ManyToManyField(
        "deputies.Deputy", verbose_name=_("接待代表"), related_name="station_receptions", blank=True
    )
    visitor_count = models.PositiveIntegerField(_("接待群众人次"), default=0)
    topics = models.TextField(_("接待主题"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )

    class Meta:
        verbose_name = _("进站接待")
        verbose_name_plural = _("进站接待")
        ordering = ["-date", "-pk"]
        indexes = [
            # The statistics' incremental refresh looks up records changed since its last run.
            models.Index(fields=["updated_at"], name="reception_changed_idx"),
            # Counts of a jurisdiction, within dates.
            models.Index(fields=["region", "date"], name="reception_region_date_idx"),
            # Pages newest first: the walk checks the region in the index alone
            # (core.pagination finds a page's ids before loading its rows).
            models.Index(fields=["date", "id"], include=["region"], name="reception_date_page_idx"),
            models.Index(fields=["station", "date"], name="reception_station_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.station} {self.date:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        # _loaded_values: the stored row's values (core.models; the audit keeps them current after a save).
        loaded = getattr(self, "_loaded_values", {})
        if self.region_id is None or loaded.get("station_id", self.station_id) != self.station_id:
            self.region_id = self.station.region_id
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("liaison_stations:reception_detail", args=[self.pk])

    @classmethod
    def extra_visibility(cls, user) -> models.Q | None:
        # A deputy sees the receptions they attended (a subquery keeps rows unique).
        if getattr(user, "is_deputy", False):
            attended = cls.deputies.through.objects.filter(deputy__person__user=user).values("reception_id")
            return models.Q(pk__in=attended)
        return None


class ReceptionVisitor(RegionScopedModel):
    """A resident received by name (only where the resident agreed to be recorded)."""

    region_lookup = "reception__region"

    reception = models.ForeignKey(Reception, verbose_name=_("接待"), related_name="visitors", on_delete=models.CASCADE)
    name = models.CharField(_("姓名"), max_length=64)
    phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("来访群众")
        verbose_name_plural = _("来访群众")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name
