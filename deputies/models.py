import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import RegionScopedModel, TimeStampedModel

from .choices import DeputyLevel, DeputyStatus, Gender


class Congress(TimeStampedModel):
    """A people's congress of one region and term, e.g. 浙江省第十四届人民代表大会."""

    region = models.ForeignKey("regions.Region", verbose_name=_("行政区划"), on_delete=models.PROTECT)
    level = models.CharField(_("层级"), max_length=16, choices=DeputyLevel.choices)
    term_number = models.PositiveSmallIntegerField(_("届次"))
    name = models.CharField(_("名称"), max_length=100)
    start_date = models.DateField(_("本届开始"), null=True, blank=True)
    end_date = models.DateField(_("本届结束"), null=True, blank=True)

    class Meta:
        verbose_name = _("人民代表大会（届）")
        verbose_name_plural = _("人民代表大会（届）")
        ordering = ["region__code", "-term_number"]
        constraints = [
            models.UniqueConstraint(fields=["region", "level", "term_number"], name="congress_unique_term"),
        ]

    def __str__(self) -> str:
        return self.name


class Person(TimeStampedModel):
    """A natural person; a deputy at two levels is one person with two mandates."""

    name = models.CharField(_("姓名"), max_length=64, db_index=True)
    gender = models.CharField(_("性别"), max_length=8, choices=Gender.choices)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        null=True,
        blank=True,
        related_name="person",
        on_delete=models.SET_NULL,
    )

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def new_public_code() -> str:
    return secrets.token_urlsafe(9)


class Deputy(RegionScopedModel):
    """One deputy mandate: a person elected to one congress for its term."""

    owner_lookup = "person__user"

    person = models.ForeignKey(Person, verbose_name=_("人员"), related_name="mandates", on_delete=models.PROTECT)
    congress = models.ForeignKey(
        Congress, verbose_name=_("所属人大"), related_name="deputies", on_delete=models.PROTECT
    )
    level = models.CharField(_("代表层级"), max_length=16, choices=DeputyLevel.choices, db_index=True)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所属行政区划"), related_name="deputies", on_delete=models.PROTECT
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=DeputyStatus.choices, default=DeputyStatus.SERVING, db_index=True
    )
    # Opaque code behind the deputy's QR code (代表码); ids are never exposed publicly.
    public_code = models.CharField(_("代表码"), max_length=16, unique=True, default=new_public_code, editable=False)

    class Meta:
        verbose_name = _("代表")
        verbose_name_plural = _("代表")
        ordering = ["region__code", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "congress"], name="deputy_one_mandate_per_congress"),
        ]

    def __str__(self) -> str:
        return self.person.name

    def get_absolute_url(self) -> str:
        return reverse("deputies:deputy_detail", args=[self.pk])
