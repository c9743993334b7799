from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import RegionScopedModel
from core.scoping import region_prefix_for

from ..choices import GroupKind, MembershipRole

CONGRESS_MISFIT = _("小组只能属于本地区或上级地区的人民代表大会。")


def congress_fits(congress, region) -> bool:
    """A group belongs to the congress of its own region or of one above it.

    A provincial deputies' group in a city uses the province's congress.
    """
    return congress is None or region is None or region.code.startswith(congress.region.scope_prefix)


def _member_group_ids(user):
    """Ids of groups with a current or past member the user may see (by region or as that deputy)."""
    prefix = region_prefix_for(user)
    if prefix is not None:
        members = GroupMembership.objects.filter(deputy__region__code__startswith=prefix)
    elif getattr(user, "role", None) == "deputy":
        members = GroupMembership.objects.filter(deputy__person__user=user)
    else:
        return None
    return members.values("group_id")


class Group(RegionScopedModel):
    """A group of deputies between sessions: 代表小组, 中心组, a flexible group or a task team.

    Visibility rule for groups whose members come from several regions
    (跨区域/跨层级/跨领域 task teams): the group belongs to the region that
    formed it (``region``), whose staff manage it; staff of every region with
    a member may read it and its memberships, but only the forming region's
    staff may change it. The services enforce the write half of the rule.
    """

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=16, choices=GroupKind.choices, default=GroupKind.GROUP)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("组建单位所在行政区划"), related_name="deputy_groups", on_delete=models.PROTECT
    )
    congress = models.ForeignKey(
        "deputies.Congress",
        verbose_name=_("所属人大"),
        null=True,
        blank=True,
        related_name="groups",
        on_delete=models.PROTECT,
    )
    theme = models.CharField(_("专业、行业或任务"), max_length=100, blank=True)
    cross_region = models.BooleanField(_("跨区域"), default=False)
    cross_level = models.BooleanField(_("跨层级"), default=False)
    cross_field = models.BooleanField(_("跨领域"), default=False)
    description = models.TextField(_("说明"), blank=True)
    formed_on = models.DateField(_("组建日期"), null=True, blank=True)
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("代表小组")
        verbose_name_plural = _("代表小组")
        ordering = ["region__code", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="deputy_group_unique_name_per_region"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.congress_id and self.region_id and not congress_fits(self.congress, self.region):
            raise ValidationError({"congress": CONGRESS_MISFIT})

    def get_absolute_url(self) -> str:
        return reverse("deputies:group_detail", args=[self.pk])

    @classmethod
    def extra_visibility(cls, user) -> models.Q | None:
        ids = _member_group_ids(user)
        return None if ids is None else models.Q(pk__in=ids)


class GroupMembership(RegionScopedModel):
    """A deputy's place in a group, with role and dates; a deputy may be in several groups."""

    region_lookup = "group__region"
    owner_lookup = "deputy__person__user"

    group = models.ForeignKey(Group, verbose_name=_("小组"), related_name="memberships", on_delete=models.CASCADE)
    deputy = models.ForeignKey(
        "deputies.Deputy", verbose_name=_("代表"), related_name="memberships", on_delete=models.CASCADE
    )
    role = models.CharField(_("职务"), max_length=16, choices=MembershipRole.choices, default=MembershipRole.MEMBER)
    start_date = models.DateField(_("加入日期"), null=True, blank=True)
    end_date = models.DateField(_("退出日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("小组成员")
        verbose_name_plural = _("小组成员")
        ordering = ["group", "role", "deputy__person__name_stroke_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "deputy"],
                condition=models.Q(end_date__isnull=True),
                name="deputy_group_one_current_membership",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} · {self.deputy}"

    @classmethod
    def extra_visibility(cls, user) -> models.Q | None:
        ids = _member_group_ids(user)
        if ids is None:
            return None
        # Staff of a member's region read the whole team; a deputy only their own rows.
        return models.Q(group_id__in=ids) if region_prefix_for(user) is not None else None
