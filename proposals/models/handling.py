from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from core.models import RegionScopedModel, TimeStampedModel

from ..choices import ContactWay, ExtensionStatus, HandlingStage, ReplyClass, Satisfaction, UnitRole
from .base import ProposalChildQuerySet


class HandlingUnit(RegionScopedModel):
    """A handling unit (承办单位): a government department of one region."""

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所属行政区划"), related_name="handling_units", on_delete=models.PROTECT
    )
    name = models.CharField(_("单位名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=32, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=64, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="HandlingUnitMembership",
        verbose_name=_("单位账号"),
        related_name="handling_units",
        blank=True,
    )

    class Meta:
        verbose_name = _("承办单位")
        verbose_name_plural = _("承办单位")
        ordering = ["region__code", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="handling_unit_unique_name")]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def extra_visibility(cls, user) -> Q | None:
        if user.role == Role.UNIT_STAFF:
            return Q(pk__in=HandlingUnitMembership.objects.filter(user=user).values("unit_id"))
        return None


class HandlingUnitMembership(models.Model):
    """A unit-staff account working for one handling unit."""

    unit = models.ForeignKey(HandlingUnit, related_name="memberships", on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="unit_memberships", on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("承办单位账号")
        verbose_name_plural = _("承办单位账号")
        constraints = [models.UniqueConstraint(fields=["unit", "user"], name="handling_unit_member_unique")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.user}"


class Assignment(TimeStampedModel):
    """A proposal handed to one unit (lead or co-handling) in one handling round."""

    proposal_path = "proposal"

    proposal = models.ForeignKey("proposals.Proposal", related_name="assignments", on_delete=models.CASCADE)
    unit = models.ForeignKey(
        HandlingUnit, verbose_name=_("承办单位"), related_name="assignments", on_delete=models.PROTECT
    )
    role = models.CharField(_("承办方式"), max_length=8, choices=UnitRole.choices)
    active = models.BooleanField(_("有效"), default=True)
    assigned_on = models.DateField(_("交办日期"))
    deadline = models.DateField(_("办理期限"))
    stage = models.CharField(_("办理阶段"), max_length=16, choices=HandlingStage.choices, default=HandlingStage.ACCEPT)
    stage_due = models.DateField(_("本阶段时限"), null=True, blank=True)
    signed_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    opinion = models.TextField(_("协办意见"), blank=True)
    opinion_at = models.DateTimeField(_("协办意见时间"), null=True, blank=True)
    ended_reason = models.TextField(_("调整理由"), blank=True)

    objects = ProposalChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("交办")
        verbose_name_plural = _("交办")
        ordering = ["role", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal"], condition=Q(active=True, role="lead"), name="assignment_one_active_lead"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} ({self.get_role_display()})"

    def get_absolute_url(self) -> str:
        """A unit's task is handled on its proposal's page."""
        return reverse("proposals:proposal_detail", args=[self.proposal_id])


class StageRecord(models.Model):
    """A handling stage completed by the lead unit, with its limit, for on-time statistics."""

    proposal_path = "assignment__proposal"

    assignment = models.ForeignKey(Assignment, related_name="stage_records", on_delete=models.CASCADE)
    round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    stage = models.CharField(_("办理阶段"), max_length=16, choices=HandlingStage.choices)
    due = models.DateField(_("时限"), null=True, blank=True)
    completed_on = models.DateField(_("完成日期"))
    note = models.TextField(_("说明"), blank=True)

    objects = ProposalChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("办理阶段记录")
        verbose_name_plural = _("办理阶段记录")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.assignment_id} {self.stage}"

    @property
    def on_time(self) -> bool:
        return self.due is None or self.completed_on <= self.due


class ExtensionRequest(TimeStampedModel):
    """A unit's request to extend its handling deadline, decided by the office."""

    proposal_path = "assignment__proposal"

    assignment = models.ForeignKey(Assignment, related_name="extensions", on_delete=models.CASCADE)
    requested_deadline = models.DateField(_("申请延至"))
    reason = models.TextField(_("延期理由"))
    status = models.CharField(
        _("状态"), max_length=16, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", on_delete=models.PROTECT)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True)

    objects = ProposalChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.assignment} → {self.requested_deadline}"

    def get_absolute_url(self) -> str:
        return self.assignment.get_absolute_url()


class ContactRecord(models.Model):
    """Contact between the handling unit and the deputy (date, way, content)."""

    proposal_path = "proposal"

    proposal = models.ForeignKey("proposals.Proposal", related_name="contacts", on_delete=models.CASCADE)
    unit = models.ForeignKey(HandlingUnit, verbose_name=_("承办单位"), related_name="+", on_delete=models.PROTECT)
    round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    contacted_on = models.DateField(_("联系日期"))
    way = models.CharField(_("联系方式"), max_length=16, choices=ContactWay.choices)
    content = models.TextField(_("沟通内容"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProposalChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("沟通记录")
        verbose_name_plural = _("沟通记录")
        ordering = ["contacted_on", "pk"]

    def __str__(self) -> str:
        return f"{self.contacted_on} {self.get_way_display()}"


class Reply(models.Model):
    """The lead unit's reply in one handling round; earlier rounds are kept, never overwritten."""

    proposal_path = "proposal"

    proposal = models.ForeignKey("proposals.Proposal", related_name="replies", on_delete=models.CASCADE)
    round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    unit = models.ForeignKey(HandlingUnit, verbose_name=_("答复单位"), related_name="replies", on_delete=models.PROTECT)
    text = models.TextField(_("答复内容"))
    confidential_text = models.TextField(_("不公开内容"), blank=True)
    classification = models.CharField(_("答复类别"), max_length=1, choices=ReplyClass.choices, db_index=True)
    is_public = models.BooleanField(_("答复公开"), default=False)
    on_time = models.BooleanField(_("按期答复"), default=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", on_delete=models.PROTECT)
    submitted_at = models.DateTimeField(_("答复时间"), auto_now_add=True)

    objects = ProposalChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("答复")
        verbose_name_plural = _("答复")
        ordering = ["round"]
        constraints = [models.UniqueConstraint(fields=["proposal", "round"], name="reply_one_per_round")]

    def __str__(self) -> str:
        return f"{self.proposal_id} #{self.round} {self.classification}"


class Rating(models.Model):
    """The filing deputy's rating of one reply, on the handling work and on the result."""

    proposal_path = "reply__proposal"

    reply = models.OneToOneField(Reply, related_name="rating", on_delete=models.CASCADE)
    work_rating = models.CharField(_("办理工作评价"), max_length=16, choices=Satisfaction.choices)
    result_rating = models.CharField(_("办理结果评价"), max_length=16, choices=Satisfaction.choices)
    comment = models.TextField(_("意见"), blank=True)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", on_delete=models.PROTECT)
    rated_at = models.DateTimeField(_("评价时间"), auto_now_add=True)

    objects = ProposalChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("代表评价")
        verbose_name_plural = _("代表评价")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.reply} {self.work_rating}/{self.result_rating}"

    @property
    def is_unsatisfied(self) -> bool:
        return Satisfaction.UNSATISFIED in (self.work_rating, self.result_rating)
