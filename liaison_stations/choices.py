from django.db import models
from django.utils.translation import gettext_lazy as _


class StationKind(models.TextChoices):
    STATION = "station", _("联络站")
    POINT = "point", _("联络点")


class OpinionCategory(models.TextChoices):
    URBAN = "urban", _("城乡建设")
    TRAFFIC = "traffic", _("交通出行")
    ENVIRONMENT = "environment", _("生态环境")
    SOCIAL_SECURITY = "social_security", _("社会保障")
    HEALTH = "health", _("医疗卫生")
    EDUCATION = "education", _("教育文化")
    ECONOMY = "economy", _("经济发展")
    GOVERNANCE = "governance", _("基层治理")
    OTHER = "other", _("其他")


class OpinionSource(models.TextChoices):
    RECEPTION = "reception", _("进站接待")
    PUBLIC = "public", _("群众扫码提交")
    DEPUTY_CODE = "deputy_code", _("代表码提交")
    DEPUTY = "deputy", _("代表走访收集")
    OTHER = "other", _("其他渠道")


class OpinionStatus(models.TextChoices):
    """The handling flow: register, assign, handle, (supervise if needed), reply, close.

    The moves between them are declared in liaison_stations.workflow.
    """

    PENDING = "pending", _("待登记")
    REGISTERED = "registered", _("已登记")
    ASSIGNED = "assigned", _("已交办")
    HANDLED = "handled", _("已办理")
    SUPERVISED = "supervised", _("已督办")
    REPLIED = "replied", _("已答复")
    CLOSED = "closed", _("已办结")


class OpinionAction(models.TextChoices):
    """The steps of an item's history: its creation, then the workflow's transitions."""

    CREATE = "create", _("登记录入")
    SUBMIT = "submit", _("群众提交")
    REGISTER = "register", _("登记")
    ASSIGN = "assign", _("交办")
    HANDLE = "handle", _("办理")
    SUPERVISE = "supervise", _("督办")
    REPLY = "reply", _("答复")
    CLOSE = "close", _("办结")
    REOPEN = "reopen", _("重新办理")


OPEN_STATUSES = frozenset(s for s in OpinionStatus if s != OpinionStatus.CLOSED)

# Days allowed for the step that follows each status (the next step's deadline).
STEP_DUE_DAYS: dict[str, int] = {
    OpinionStatus.PENDING: 2,
    OpinionStatus.REGISTERED: 3,
    OpinionStatus.ASSIGNED: 15,
    OpinionStatus.HANDLED: 3,  # to reply, or to supervise first where the item needs it
    OpinionStatus.SUPERVISED: 3,
    OpinionStatus.REPLIED: 5,
}

# An item counts as "due soon" this many days before its step deadline.
DUE_SOON_DAYS = 2


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY_SATISFIED = "basically_satisfied", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("即将到期")
    OVERDUE = "overdue", _("已超期")


class SolicitationKind(models.TextChoices):
    DRAFT_LAW = "draft_law", _("法律草案")
    REGULATION = "regulation", _("地方性法规草案")
    SUPERVISION = "supervision", _("监督议题")


class ConsultingBody(models.TextChoices):
    GOVERNMENT = "government", _("政府部门")
    SUPERVISORY = "supervisory", _("监察委员会")
    COURT = "court", _("人民法院")
    PROCURATORATE = "procuratorate", _("人民检察院")


class Quarter(models.IntegerChoices):
    Q1 = 1, _("第一季度")
    Q2 = 2, _("第二季度")
    Q3 = 3, _("第三季度")
    Q4 = 4, _("第四季度")


class ProblemCategory(models.TextChoices):
    FACILITY = "facility", _("阵地建设")
    SYSTEM = "system", _("制度建设")
    ACTIVITY = "activity", _("活动开展")
    SERVICE = "service", _("履职服务")
    OTHER = "other", _("其他")


class ProblemStatus(models.TextChoices):
    OPEN = "open", _("待整改")
    RECTIFYING = "rectifying", _("整改中")
    RECTIFIED = "rectified", _("已整改")
