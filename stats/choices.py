from django.db import models
from django.utils.translation import gettext_lazy as _


class StatRunKind(models.TextChoices):
    FULL = "full", _("全量重算")
    INCREMENTAL = "incremental", _("增量刷新")


class StatRunStatus(models.TextChoices):
    RUNNING = "running", _("运行中")
    DONE = "done", _("完成")
    FAILED = "failed", _("失败")
    SKIPPED = "skipped", _("已有任务在运行，跳过")


class Period(models.TextChoices):
    YEAR = "year", _("年度")
    QUARTER = "quarter", _("季度")
    MONTH = "month", _("月度")
    CUSTOM = "custom", _("自定义区间")
    TERM = "term", _("本届")
