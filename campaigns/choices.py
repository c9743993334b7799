from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityType(models.TextChoices):
    SURVEY = "survey", _("调研视察")
    EXPERIENCE = "experience", _("体验监督")
    PUBLICITY = "publicity", _("政策宣讲")
    FORUM = "forum", _("座谈走访")
    RECEPTION = "reception", _("进站接待")
    OTHER = "other", _("其他")


class ListKind(models.TextChoices):
    """The four chained lists (四张清单), in chain order."""

    WORK = "work", _("工作清单")
    PROBLEM = "problem", _("问题清单")
    SUGGESTION = "suggestion", _("建议清单")
    RESULT = "result", _("成果清单")
