from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import roles
from .choices import STAFF_ROLE_LEVEL, NotificationDelivery, Role


class User(AbstractUser):
    """A portal account: staff of one region, a deputy, or one of the three administrators."""

    role = models.CharField(_("角色"), max_length=32, choices=Role.choices, default=Role.COUNTY_STAFF)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("所属行政区划"),
        null=True,
        blank=True,
        related_name="users",
        on_delete=models.PROTECT,
    )
    full_name = models.CharField(_("姓名"), max_length=64, blank=True)
    phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    notification_delivery = models.CharField(
        _("通知方式"),
        max_length=16,
        choices=NotificationDelivery.choices,
        default=NotificationDelivery.IMMEDIATE,
    )
    must_change_password = models.BooleanField(_("下次登录须修改密码"), default=False)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)
    otp_required = models.BooleanField(_("启用动态口令"), default=False)
    # A second factor is bound only with a code issued by the security admin (or
    # the admin_account command): whoever first learns the password cannot bind it.
    otp_enrolment_code = models.CharField(_("动态口令绑定码"), max_length=128, blank=True, editable=False)
    otp_enrolment_expires_at = models.DateTimeField(_("绑定码有效期至"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def clean(self) -> None:
        super().clean()
        level = STAFF_ROLE_LEVEL.get(self.role)
        if level is not None:
            if self.region is None:
                raise ValidationError({"region": _("工作人员账号必须绑定行政区划。")})
            if self.region.level != level:
                raise ValidationError({"region": _("所选行政区划的层级与角色不符。")})

    # The role groups themselves are defined in accounts.roles; these read them.
    @property
    def is_staff_role(self) -> bool:
        return roles.is_staff_role(self)

    @property
    def is_office_staff(self) -> bool:
        """Works in a deputy-work office (or is a superuser): may use the office pages."""
        return roles.is_office_staff(self)

    @property
    def is_admin_role(self) -> bool:
        return roles.is_admin(self)

    @property
    def is_admin_account(self) -> bool:
        """One of the three administrators or a superuser: changed only by the admin_account command."""
        return self.is_superuser or self.is_admin_role

    @property
    def is_deputy(self) -> bool:
        return roles.is_deputy(self)

    def get_display_name(self) -> str:
        return self.full_name or self.username

    def password_expired(self, max_age_days: int) -> bool:
        if self.password_changed_at is None:
            return False
        return (timezone.now() - self.password_changed_at).days >= max_age_days
