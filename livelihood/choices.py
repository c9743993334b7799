from django.db import models
from django.utils.translation import gettext_lazy as _


class CallStatus(models.TextChoices):
    OPEN = "open", _("征集中")
    CLOSED = "closed", _("征集结束")


class VoteStatus(models.TextChoices):
    DRAFT = "draft", _("准备中")
    OPEN = "open", _("投票中")
    CLOSED = "closed", _("已计票")
    PUBLISHED = "published", _("已公布")


class VoteChoice(models.TextChoices):
    FOR = "for", _("赞成")
    AGAINST = "against", _("反对")
    ABSTAIN = "abstain", _("弃权")
