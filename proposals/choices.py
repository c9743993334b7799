from django.db import models
from django.utils.translation import gettext_lazy as _


class ProposalKind(models.TextChoices):
    MOTION = "motion", _("议案")
    SESSION_SUGGESTION = "session_suggestion", _("大会期间建议")
    CLOSED_SUGGESTION = "closed_suggestion", _("闭会期间建议")
    DELEGATION_SUGGESTION = "delegation_suggestion", _("代表团建议")


SUGGESTION_KINDS = frozenset(
    {ProposalKind.SESSION_SUGGESTION, ProposalKind.CLOSED_SUGGESTION, ProposalKind.DELEGATION_SUGGESTION}
)


class ProposalCategory(models.TextChoices):
    ECONOMY = "economy", _("经济发展")
    AGRICULTURE = "agriculture", _("农业农村")
    URBAN = "urban", _("城乡建设")
    EDUCATION = "education", _("教育科技")
    HEALTH = "health", _("医疗卫生")
    SOCIAL = "social", _("社会保障")
    ENVIRONMENT = "environment", _("生态环境")
    TRANSPORT = "transport", _("交通运输")
    CULTURE = "culture", _("文化旅游")
    GOVERNANCE = "governance", _("民主法治")
    OTHER = "other", _("其他")


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交待审核")
    RETURNED = "returned", _("退回修改")
    REGISTERED = "registered", _("已立案")
    ASSIGNED = "assigned", _("已交办待签收")
    HANDLING = "handling", _("办理中")
    REPLIED = "replied", _("已答复待评价")
    REHANDLING = "rehandling", _("重新办理中")
    CLOSED = "closed", _("已办结")


# Statuses in which handling units work on the proposal.
IN_HANDLING = frozenset({ProposalStatus.ASSIGNED, ProposalStatus.HANDLING, ProposalStatus.REHANDLING})


class CosignStatus(models.TextChoices):
    INVITED = "invited", _("已邀请")
    CONFIRMED = "confirmed", _("已确认附议")
    DECLINED = "declined", _("已谢绝")


class UnitRole(models.TextChoices):
    LEAD = "lead", _("主办")
    CO = "co", _("协办")


class HandlingStage(models.TextChoices):
    ACCEPT = "accept", _("接受任务")
    COMMUNICATE = "communicate", _("沟通协调")
    IMPLEMENT = "implement", _("推进实施")
    REPORT = "report", _("落实反馈")
    DONE = "done", _("已完成")


STAGE_ORDER = [HandlingStage.ACCEPT, HandlingStage.COMMUNICATE, HandlingStage.IMPLEMENT, HandlingStage.REPORT]


class ContactWay(models.TextChoices):
    VISIT = "visit", _("登门走访")
    MEETING = "meeting", _("座谈会")
    PHONE = "phone", _("电话")
    ONLINE = "online", _("网络或书面")
    INSPECTION = "inspection", _("现场调研")


class ReplyClass(models.TextChoices):
    A = "A", _("A类（已解决或采纳）")
    B = "B", _("B类（正在解决或列入计划）")
    C = "C", _("C类（留作参考）")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未批准")


class EventAction(models.TextChoices):
    CREATE = "create", _("起草")
    UPDATE = "update", _("修改")
    INVITE = "invite", _("邀请附议")
    COSIGN = "cosign", _("确认附议")
    SUBMIT = "submit", _("提交")
    REGISTER = "register", _("立案")
    RETURN = "return", _("退回修改")
    CONVERT = "convert", _("议案转建议")
    ASSIGN = "assign", _("交办")
    SIGN = "sign", _("签收")
    REASSIGN = "reassign", _("调整承办单位")
    EXTENSION_REQUEST = "extension_request", _("申请延期")
    EXTENSION_DECIDE = "extension_decide", _("审批延期")
    STAGE = "stage", _("完成办理阶段")
    CONTACT = "contact", _("沟通联系代表")
    OPINION = "opinion", _("协办意见")
    REPLY = "reply", _("答复")
    RATE = "rate", _("代表评价")
    REHANDLE = "rehandle", _("重新办理")
    SUPERVISE = "supervise", _("重点督办")
