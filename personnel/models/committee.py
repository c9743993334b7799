from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import RegionScopedModel

from ..choices import MemberPosition

ACCOUNT_MISFIT = _("该账号不属于本届人民代表大会所在地区。")


def member_account_fits(congress, user) -> bool:
    """Deputies' accounts carry no region; a staff account must be of the congress's region or below it."""
    if user is None or user.region_id is None or congress is None:
        return True
    return user.region.code.startswith(congress.region.scope_prefix)


class StandingCommitteeSession(RegionScopedModel):
    """A meeting of the standing committee (常委会会议) that decides cases and hears duty reports."""

    region_lookup = "congress__region"

    congress = models.ForeignKey(
        "deputies.Congress",
        verbose_name=_("人民代表大会"),
        related_name="standing_committee_sessions",
        on_delete=models.PROTECT,
    )
    number = models.PositiveSmallIntegerField(_("会议次数"))
    held_on = models.DateField(_("会议日期"))

    class Meta:
        verbose_name = _("常委会会议")
        verbose_name_plural = _("常委会会议")
        ordering = ["-held_on", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "number"],
                name="personnel_session_unique_number",
                violation_error_message=_("该次会议已登记。"),
            ),
        ]

    def __str__(self) -> str:
        return _("%(congress)s常务委员会第%(number)s次会议") % {"congress": self.congress.name, "number": self.number}


class CommitteeMember(RegionScopedModel):
    """A member of the standing committee (常委会组成人员); only members cast evaluation ballots."""

    region_lookup = "congress__region"

    congress = models.ForeignKey(
        "deputies.Congress",
        verbose_name=_("人民代表大会"),
        related_name="committee_members",
        on_delete=models.PROTECT,
    )
    name = models.CharField(_("姓名"), max_length=64)
    position = models.CharField(_("职务"), max_length=32, choices=MemberPosition.choices, default=MemberPosition.MEMBER)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        null=True,
        blank=True,
        related_name="committee_memberships",
        on_delete=models.SET_NULL,
    )
    is_active = models.BooleanField(_("在任"), default=True)

    class Meta:
        verbose_name = _("常委会组成人员")
        verbose_name_plural = _("常委会组成人员")
        ordering = ["congress", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "user"],
                condition=models.Q(user__isnull=False),
                name="personnel_member_one_account_per_congress",
                violation_error_message=_("该账号已关联本届常委会的另一名组成人员。"),
            ),
        ]

    def clean(self) -> None:
        super().clean()
        if self.congress_id and not member_account_fits(self.congress, self.user):
            raise ValidationError({"user": ACCOUNT_MISFIT})

    def __str__(self) -> str:
        return self.name
