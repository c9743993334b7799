from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    LOGIN = "login", _("登录")
    LOGIN_FAILED = "login_failed", _("登录失败")
    LOGOUT = "logout", _("退出")
    ACCESS_DENIED = "access_denied", _("越权访问被拒绝")
    REVEAL = "reveal", _("查看个人敏感信息")
    EXPORT = "export", _("导出")
    IMPORT = "import", _("导入")
    CREATE = "create", _("新增")
    UPDATE = "update", _("修改")
    DELETE = "delete", _("删除")
    TRANSITION = "transition", _("状态变更")
    PASSWORD_RESET = "password_reset", _("重置密码")
    ROLE_CHANGE = "role_change", _("角色或辖区变更")
    OTP_RESET = "otp_reset", _("重置动态口令")
    OTP_ENROL = "otp_enrol", _("绑定动态口令")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("运行中")
    SUCCEEDED = "succeeded", _("已完成")
    FAILED = "failed", _("失败")
