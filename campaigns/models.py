"""Theme campaigns (主题活动), the four chained lists (四张清单), participation and
leadership instructions (批示).

The chain runs work item -> problem -> suggestion -> result; every link stays
inside one campaign (checked in ``clean()`` here and again in the services).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import STAFF_ROLES, Role
from core.models import RegionScopedModel, TimeStampedModel
from deputies.models import Deputy

from .choices import ActivityType, ListKind


def covering_codes(code: str) -> list[str]:
    """Codes of a region and of every region above it (330106 -> 330000, 330100, 330106)."""
    codes = [code]
    if len(code) >= 6:
        codes += [code[:2] + "0000", code[:4] + "00"]
    if len(code) > 6:
        codes.append(code[:6])
    return sorted(set(codes))


CROSS_CAMPAIGN_MESSAGE = _("关联的清单条目必须属于同一主题活动。")


# Campaign
# ------------------------------------------------------------------------------


class Campaign(RegionScopedModel):
    """A theme campaign (e.g. 双岗建功) organised by one congress, or a sub-activity of one.

    Staff of the organising region see it through the region rule; staff of a
    participating region (or of a region above or below one) and deputies
    taking part see it through ``extra_visibility``.
    """

    name = models.CharField(_("名称"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("所属主题活动"),
        null=True,
        blank=True,
        related_name="sub_activities",
        on_delete=models.PROTECT,
        help_text=_("子活动（如代表当好营商环境宣传员、体验员）填写其所属的主题活动。"),
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("组织单位（人大）"), related_name="+", on_delete=models.PROTECT
    )
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    description = models.TextField(_("活动说明"), blank=True)
    participating_regions = models.ManyToManyField(
        "regions.Region", verbose_name=_("参加地区"), related_name="campaigns_joined", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )

    class Meta:
        verbose_name = _("主题活动")
        verbose_name_plural = _("主题活动")
        ordering = ["-start_date", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="campaign_unique_name_per_region"),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="campaign_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("campaigns:campaign_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("结束日期不能早于开始日期。")})
        if self.parent_id and self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": _("主题活动不能以自身为上级活动。")})

    @classmethod
    def extra_visibility(cls, user) -> models.Q | None:
        through = cls.participating_regions.through
        if user.role in STAFF_ROLES and user.region_id is not None:
            code = user.region.code
            joined = through.objects.filter(
                models.Q(region__code__in=covering_codes(code))
                | models.Q(region__code__startswith=user.region.scope_prefix)
            ).values("campaign_id")
            return models.Q(pk__in=joined)
        if user.role == Role.DEPUTY:
            mandate_codes = Deputy.objects.filter(person__user=user).values_list("region__code", flat=True)
            codes = sorted({c for code in mandate_codes for c in covering_codes(code)})
            took_part = CampaignActivity.deputies.through.objects.filter(deputy__person__user=user).values(
                "campaignactivity__campaign_id"
            )
            reported = ProblemItem.deputies.through.objects.filter(deputy__person__user=user).values(
                "problemitem__campaign_id"
            )
            condition = models.Q(pk__in=took_part) | models.Q(pk__in=reported)
            if codes:
                joined = through.objects.filter(region__code__in=codes).values("campaign_id")
                condition |= models.Q(pk__in=joined) | models.Q(region__code__in=codes)
            return condition
        return None


# The four lists
# ------------------------------------------------------------------------------


class CampaignItem(RegionScopedModel):
    """Fields shared by the four lists: each item belongs to one campaign and one region."""

    kind: ListKind

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("主题活动"), related_name="%(class)ss", on_delete=models.PROTECT
    )
    region = models.ForeignKey("regions.Region", verbose_name=_("所属地区"), related_name="+", on_delete=models.PROTECT)
    title = models.CharField(_("标题"), max_length=200)
    description = models.TextField(_("具体内容"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(f"campaigns:{self.kind}_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.campaign_id and self.region_id:
            campaign_region = self.campaign.region
            if not self.region.code.startswith(campaign_region.scope_prefix):
                raise ValidationError({"region": _("所属地区必须在主题活动组织单位的辖区内。")})

    def _same_campaign(self, field: str, other) -> None:
        if other is not None and self.campaign_id and other.campaign_id != self.campaign_id:
            raise ValidationError({field: CROSS_CAMPAIGN_MESSAGE})


class WorkItem(CampaignItem):
    """工作清单: what a congress plans to do in the campaign."""

    kind = ListKind.WORK

    responsible_unit = models.CharField(_("责任单位"), max_length=200, blank=True)
    due_date = models.DateField(_("完成时限"), null=True, blank=True)
    # The day the work was put on the list, which puts it in a month and year of the
    # figures; an office entering last year's list in January keeps last year's date.
    listed_on = models.DateField(_("列入日期"), blank=True, help_text=_("默认为主题活动开始日期。"))

    class Meta:
        verbose_name = _("工作清单")
        verbose_name_plural = _("工作清单")
        ordering = ["region__code", "-listed_on", "-pk"]

    def default_listed_on(self):
        return self.campaign.start_date


class ProblemItem(CampaignItem):
    """问题清单: a problem deputies found, under a work item."""

    kind = ListKind.PROBLEM

    work_item = models.ForeignKey(
        WorkItem,
        verbose_name=_("对应工作清单"),
        null=True,
        blank=True,
        related_name="problems",
        on_delete=models.PROTECT,
    )
    deputies = models.ManyToManyField(
        "deputies.Deputy", verbose_name=_("发现问题的代表"), related_name="campaign_problems", blank=True
    )
    found_on = models.DateField(_("发现日期"), default=timezone.localdate)

    class Meta:
        verbose_name = _("问题清单")
        verbose_name_plural = _("问题清单")
        ordering = ["region__code", "-found_on", "-pk"]

    def clean(self) -> None:
        super().clean()
        self._same_campaign("work_item", self.work_item)

    @classmethod
    def extra_visibility(cls, user) -> models.Q | None:
        # A deputy sees the problems they reported; a subquery, not a join,
        # so a person with two mandates on one problem does not see it twice.
        if user.role != Role.DEPUTY:
            return None
        mine = cls.deputies.through.objects.filter(deputy__person__user=user).values("problemitem_id")
        return models.Q(pk__in=mine)


class SuggestionItem(CampaignItem):
    """建议清单: a suggestion formed from one or more problems."""

    kind = ListKind.SUGGESTION

    problems = models.ManyToManyField(
        ProblemItem,
        verbose_name=_("来源问题"),
        through="SuggestionProblem",
        related_name="suggestions",
        blank=True,
    )
    # The formal suggestion this item was filed as (proposals app), and its
    # official number, kept also for suggestions filed outside the portal.
    formal_suggestion = models.ForeignKey(
        "proposals.Proposal",
        verbose_name=_("正式建议"),
        null=True,
        blank=True,
        related_name="campaign_suggestions",
        on_delete=models.SET_NULL,
    )
    formal_suggestion_number = models.CharField(
        _("正式建议编号"),
        max_length=64,
        blank=True,
        help_text=_("已作为代表建议正式提交的，填写建议编号。"),
    )
    listed_on = models.DateField(_("列入日期"), blank=True, help_text=_("默认为来源问题中最晚的发现日期。"))

    class Meta:
        verbose_name = _("建议清单")
        verbose_name_plural = _("建议清单")
        ordering = ["region__code", "-listed_on", "-pk"]

    def default_listed_on(self, problems=None):
        """The latest day its source problems were found, else its campaign's start."""
        found = [p.found_on for p in problems] if problems is not None else []
        if problems is None and self.pk:
            found = list(self.problems.values_list("found_on", flat=True))
        return max(found, default=self.campaign.start_date)


class SuggestionProblem(TimeStampedModel):
    """A problem a suggestion was formed from; the problem cannot be deleted while linked."""

    suggestion = models.ForeignKey(
        SuggestionItem, verbose_name=_("建议"), related_name="problem_links", on_delete=models.CASCADE
    )
    problem = models.ForeignKey(
        ProblemItem, verbose_name=_("问题"), related_name="suggestion_links", on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("建议来源问题")
        verbose_name_plural = _("建议来源问题")
        constraints = [
            models.UniqueConstraint(fields=["suggestion", "problem"], name="suggestion_problem_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.suggestion} ← {self.problem}"

    def clean(self) -> None:
        super().clean()
        if self.suggestion_id and self.problem_id and self.suggestion.campaign_id != self.problem.campaign_id:
            raise ValidationError({"problem": CROSS_CAMPAIGN_MESSAGE})


class ResultItem(CampaignItem):
    """成果清单: a result, linked to the suggestion (or problem, or work item) that produced it."""

    kind = ListKind.RESULT

    suggestion = models.ForeignKey(
        SuggestionItem,
        verbose_name=_("来源建议"),
        null=True,
        blank=True,
        related_name="results",
        on_delete=models.PROTECT,
    )
    problem = models.ForeignKey(
        ProblemItem,
        verbose_name=_("来源问题"),
        null=True,
        blank=True,
        related_name="results",
        on_delete=models.PROTECT,
    )
    work_item = models.ForeignKey(
        WorkItem,
        verbose_name=_("来源工作"),
        null=True,
        blank=True,
        related_name="results",
        on_delete=models.PROTECT,
    )
    achieved_on = models.DateField(_("取得日期"), default=timezone.localdate)

    class Meta:
        verbose_name = _("成果清单")
        verbose_name_plural = _("成果清单")
        ordering = ["region__code", "-achieved_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(suggestion__isnull=False)
                | models.Q(problem__isnull=False)
                | models.Q(work_item__isnull=False),
                name="result_has_a_source",
            ),
        ]

    def clean(self) -> None:
        super().clean()
        if not (self.suggestion_id or self.problem_id or self.work_item_id):
            raise ValidationError(_("成果须关联产生它的建议、问题或工作清单条目。"))
        self._same_campaign("suggestion", self.suggestion)
        self._same_campaign("problem", self.problem)
        self._same_campaign("work_item", self.work_item)


# Participation and instructions
# ------------------------------------------------------------------------------


class CampaignActivity(RegionScopedModel):
    """One activity under a campaign: who took part, person-times, problems reported."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("主题活动"), related_name="activities", on_delete=models.PROTECT
    )
    region = models.ForeignKey("regions.Region", verbose_name=_("所属地区"), related_name="+", on_delete=models.PROTECT)
    title = models.CharField(_("活动名称"), max_length=200)
    activity_type = models.CharField(_("活动类型"), max_length=16, choices=ActivityType.choices)
    held_on = models.DateField(_("活动日期"))
    deputies = models.ManyToManyField(
        "deputies.Deputy", verbose_name=_("参加代表"), related_name="campaign_activities", blank=True
    )
    person_times = models.PositiveIntegerField(_("参加人次"), default=0)
    problems_reported = models.PositiveIntegerField(_("反映问题数"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )

    class Meta:
        verbose_name = _("活动开展情况")
        verbose_name_plural = _("活动开展情况")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:activity_list") + f"?campaign={self.campaign_id}"

    def clean(self) -> None:
        super().clean()
        if self.campaign_id and self.region_id and not self.region.code.startswith(self.campaign.region.scope_prefix):
            raise ValidationError({"region": _("所属地区必须在主题活动组织单位的辖区内。")})

    @classmethod
    def extra_visibility(cls, user) -> models.Q | None:
        if user.role != Role.DEPUTY:
            return None
        mine = cls.deputies.through.objects.filter(deputy__person__user=user).values("campaignactivity_id")
        return models.Q(pk__in=mine)


class LeadershipInstruction(RegionScopedModel):
    """A leader's instruction (批示) on a campaign report or on a result, and its follow-up."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("主题活动"), related_name="instructions", on_delete=models.PROTECT
    )
    result = models.ForeignKey(
        ResultItem,
        verbose_name=_("批示的成果"),
        null=True,
        blank=True,
        related_name="instructions",
        on_delete=models.PROTECT,
        help_text=_("对活动报告的批示不填。"),
    )
    region = models.ForeignKey("regions.Region", verbose_name=_("所属地区"), related_name="+", on_delete=models.PROTECT)
    report_title = models.CharField(_("报告或成果名称"), max_length=200, blank=True)
    leader_name = models.CharField(_("批示领导"), max_length=64)
    leader_title = models.CharField(_("领导职务"), max_length=100, blank=True)
    instructed_on = models.DateField(_("批示日期"))
    text = models.TextField(_("批示内容"))
    follow_up = models.TextField(_("落实情况"), blank=True)
    followed_up_on = models.DateField(_("落实日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )

    class Meta:
        verbose_name = _("领导批示")
        verbose_name_plural = _("领导批示")
        ordering = ["-instructed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.leader_name} {self.instructed_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("campaigns:instruction_list") + f"?campaign={self.campaign_id}"

    def clean(self) -> None:
        super().clean()
        if self.result_id and self.campaign_id and self.result.campaign_id != self.campaign_id:
            raise ValidationError({"result": CROSS_CAMPAIGN_MESSAGE})


ITEM_MODELS: dict[str, type[CampaignItem]] = {
    ListKind.WORK: WorkItem,
    ListKind.PROBLEM: ProblemItem,
    ListKind.SUGGESTION: SuggestionItem,
    ListKind.RESULT: ResultItem,
}
