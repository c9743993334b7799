import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedCharField
from core.models import RegionScopedModel, StatusEvent, TimeStampedModel

from ..choices import (
    ETHNICITIES,
    DeputyLevel,
    DeputyStatus,
    Education,
    Gender,
    PoliticalAffiliation,
    SectorClass,
)
from ..validators import mask_id_number, mask_mobile


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


class ExpertiseTag(TimeStampedModel):
    """One entry of a deputy's professional card (专业名片): an expertise, industry or field."""

    name = models.CharField(_("标签"), max_length=32, unique=True)

    class Meta:
        verbose_name = _("专业标签")
        verbose_name_plural = _("专业标签")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Person(TimeStampedModel):
    """A natural person; a deputy at two levels is one person with two mandates.

    The ID number and mobile are stored encrypted; ``id_number_hash`` (an
    HMAC of the normalised number) makes the person findable and unique
    without decrypting every row.
    """

    name = models.CharField(_("姓名"), max_length=64)
    gender = models.CharField(_("性别"), max_length=8, choices=Gender.choices)
    ethnicity = models.CharField(
        _("民族"), max_length=16, choices=[(e, e) for e in ETHNICITIES], default="汉族", blank=True
    )
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    political_affiliation = models.CharField(
        _("政治面貌"), max_length=24, choices=PoliticalAffiliation.choices, blank=True
    )
    education = models.CharField(_("学历"), max_length=16, choices=Education.choices, blank=True)
    occupation = models.CharField(_("职业"), max_length=64, blank=True)
    work_unit = models.CharField(_("工作单位及职务"), max_length=200, blank=True)
    id_number = EncryptedCharField(_("身份证号码"), max_length=18, null=True, blank=True)
    id_number_hash = models.CharField(_("身份证号码摘要"), max_length=64, null=True, blank=True)
    mobile = EncryptedCharField(_("手机号码"), max_length=20, null=True, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("通讯地址"), max_length=200, blank=True)
    expertise_tags = models.ManyToManyField(ExpertiseTag, verbose_name=_("专业名片"), related_name="people", blank=True)
    # Kept by the services from ``name`` so that stroke order sorts in SQL.
    name_stroke_key = models.CharField(_("姓氏笔画排序键"), max_length=255, blank=True, editable=False)
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
        # Declared here rather than with unique=True/db_index=True, which on
        # PostgreSQL add a second, pattern-ops index per column; these columns
        # are only ever matched exactly or sorted, and a roster import writes
        # every index of every row.
        constraints = [models.UniqueConstraint(fields=["id_number_hash"], name="person_id_number_hash_unique")]
        indexes = [
            models.Index(fields=["name"], name="person_name_idx"),
            models.Index(fields=["name_stroke_key"], name="person_stroke_key_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def mobile_masked(self) -> str:
        return mask_mobile(self.mobile)


def new_public_code() -> str:
    return secrets.token_urlsafe(9)


class Deputy(RegionScopedModel):
    """One deputy mandate: a person elected to one congress for its term."""

    owner_lookup = "person__user"

    # Found by deputy_one_mandate_per_congress, which leads with person.
    person = models.ForeignKey(
        Person, verbose_name=_("人员"), related_name="mandates", on_delete=models.PROTECT, db_index=False
    )
    congress = models.ForeignKey(
        Congress, verbose_name=_("所属人大"), related_name="deputies", on_delete=models.PROTECT
    )
    level = models.CharField(_("代表层级"), max_length=16, choices=DeputyLevel.choices)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所属行政区划"), related_name="deputies", on_delete=models.PROTECT
    )
    electoral_unit = models.CharField(_("选举单位"), max_length=100, blank=True)
    delegation = models.CharField(_("代表团"), max_length=100, blank=True)
    sector_class = models.CharField(_("代表类别"), max_length=16, choices=SectorClass.choices, blank=True)
    elected_on = models.DateField(_("当选日期"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=DeputyStatus.choices, default=DeputyStatus.SERVING)
    status_changed_on = models.DateField(_("状态变更日期"), null=True, blank=True)
    status_reason = models.CharField(_("状态变更原因"), max_length=200, blank=True)
    # Opaque code behind the deputy's QR code (代表码); ids are never exposed publicly.
    public_code = models.CharField(_("代表码"), max_length=16, default=new_public_code, editable=False)

    class Meta:
        verbose_name = _("代表")
        verbose_name_plural = _("代表")
        ordering = ["region__code", "person__name"]
        # As on Person: exact-match columns, so no pattern-ops twin indexes.
        constraints = [
            models.UniqueConstraint(fields=["person", "congress"], name="deputy_one_mandate_per_congress"),
            models.UniqueConstraint(fields=["public_code"], name="deputy_public_code_unique"),
        ]
        indexes = [
            models.Index(fields=["level"], name="deputy_level_idx"),
            models.Index(fields=["status"], name="deputy_status_idx"),
        ]

    def __str__(self) -> str:
        return self.person.name

    def get_absolute_url(self) -> str:
        return reverse("deputies:deputy_detail", args=[self.pk])


class DeputyStatusChange(RegionScopedModel, StatusEvent):
    """One transition of a mandate's status: who, when, from, to and why (``note``)."""

    region_lookup = "deputy__region"
    owner_lookup = "deputy__person__user"
    status_choices = DeputyStatus

    deputy = models.ForeignKey(Deputy, verbose_name=_("代表"), related_name="status_changes", on_delete=models.CASCADE)
    effective_date = models.DateField(_("生效日期"))

    class Meta:
        verbose_name = _("代表状态变更")
        verbose_name_plural = _("代表状态变更")
        ordering = ["-effective_date", "-created_at"]

    def __str__(self) -> str:
        return f"{self.deputy}: {self.from_label} → {self.to_label}"

    @property
    def reason(self) -> str:
        """Why the mandate ended, as the office registered it."""
        return self.note
