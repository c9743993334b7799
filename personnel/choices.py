"""Choices of personnel work (人事任免、述职测评、履职评议); the state flows are declared in workflow.py."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberPosition(models.TextChoices):
    DIRECTOR = "director", _("主任")
    VICE_DIRECTOR = "vice_director", _("副主任")
    SECRETARY_GENERAL = "secretary_general", _("秘书长")
    MEMBER = "member", _("委员")


class NominatingBody(models.TextChoices):
    CHAIRPERSONS = "chairpersons", _("主任会议")
    GOVERNMENT = "government", _("人民政府")
    SUPERVISORY = "supervisory", _("监察委员会")
    COURT = "court", _("人民法院")
    PROCURATORATE = "procuratorate", _("人民检察院")


class AppointmentStatus(models.TextChoices):
    REGISTERED = "registered", _("已提请")
    UNDER_REVIEW = "under_review", _("常委会审议中")
    APPROVED = "approved", _("表决通过")
    REJECTED = "rejected", _("未获通过")
    APPOINTED = "appointed", _("已颁发任命书")
    SWORN = "sworn", _("已宪法宣誓")
    WITHDRAWN = "withdrawn", _("已撤回")


class DutyReportStatus(models.TextChoices):
    REGISTERED = "registered", _("已安排述职")
    PRELIMINARY_REVIEWED = "preliminary_reviewed", _("专门委员会已初审")
    CHAIRPERSONS_REVIEWED = "chairpersons_reviewed", _("主任会议已审议")
    EVALUATING = "evaluating", _("常委会测评中")
    EVALUATED = "evaluated", _("测评已结束")
    FEEDBACK_GIVEN = "feedback_given", _("已反馈本人")
    REPORTED = "reported", _("已向上级报告")


class Grade(models.TextChoices):
    """The four grades of a democratic evaluation ballot (民主测评票)."""

    EXCELLENT = "excellent", _("优秀")
    COMPETENT = "competent", _("称职")
    BASIC = "basic", _("基本称职")
    INCOMPETENT = "incompetent", _("不称职")


class BallotChannel(models.TextChoices):
    ONLINE = "online", _("网上测评")
    PAPER = "paper", _("纸质票录入")


class ReviewPlanStatus(models.TextChoices):
    DRAFT = "draft", _("制定计划")
    SURVEYING = "surveying", _("征求代表意见")
    SCORING = "scoring", _("评分中")
    RANKED = "ranked", _("已排名")
    RECTIFYING = "rectifying", _("整改跟踪")
    CLOSED = "closed", _("已办结")


class RectificationStatus(models.TextChoices):
    NOT_REQUIRED = "not_required", _("无需整改")
    REQUIRED = "required", _("待整改")
    IN_PROGRESS = "in_progress", _("整改中")
    DONE = "done", _("已整改")
