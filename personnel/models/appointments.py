from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import RegionScopedModel, StatusEvent
from deputies.choices import Gender

from ..choices import AppointmentStatus, NominatingBody


class AppointmentCase(RegionScopedModel):
    """An appointment case (任免案) put to the standing committee.

    Steps: pre-appointment law exam, review at a session, vote, appointment
    letter, constitutional oath. The services enforce the order.
    """

    region_lookup = "congress__region"

    congress = models.ForeignKey(
        "deputies.Congress", verbose_name=_("人民代表大会"), related_name="appointment_cases", on_delete=models.PROTECT
    )
    session = models.ForeignKey(
        "personnel.StandingCommitteeSession",
        verbose_name=_("审议会议"),
        null=True,
        blank=True,
        related_name="appointment_cases",
        on_delete=models.PROTECT,
    )
    nominee_name = models.CharField(_("拟任人员"), max_length=64, db_index=True)
    nominee_gender = models.CharField(_("性别"), max_length=8, choices=Gender.choices)
    nominee_current_post = models.CharField(_("现任职务"), max_length=200, blank=True)
    post = models.CharField(_("拟任职务"), max_length=200)
    nominating_body = models.CharField(_("提请机关"), max_length=32, choices=NominatingBody.choices)
    submitted_on = models.DateField(_("提请日期"))
    status = models.CharField(
        _("状态"), max_length=32, choices=AppointmentStatus.choices, default=AppointmentStatus.REGISTERED, db_index=True
    )
    # 任前法律知识考试
    exam_date = models.DateField(_("考试日期"), null=True, blank=True)
    exam_score = models.DecimalField(_("考试成绩"), max_digits=5, decimal_places=1, null=True, blank=True)
    exam_pass_mark = models.DecimalField(_("合格分数线"), max_digits=5, decimal_places=1, null=True, blank=True)
    exam_passed = models.BooleanField(_("考试合格"), null=True, blank=True)
    # 表决
    review_opinion = models.TextField(_("审议意见"), blank=True)
    vote_date = models.DateField(_("表决日期"), null=True, blank=True)
    members_total = models.PositiveSmallIntegerField(_("常委会组成人员总数"), null=True, blank=True)
    votes_for = models.PositiveSmallIntegerField(_("赞成票"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("反对票"), null=True, blank=True)
    votes_abstain = models.PositiveSmallIntegerField(_("弃权票"), null=True, blank=True)
    # 任命书与宪法宣誓
    letter_number = models.CharField(_("任命书编号"), max_length=64, blank=True)
    letter_issued_on = models.DateField(_("任命书颁发日期"), null=True, blank=True)
    oath_date = models.DateField(_("宣誓日期"), null=True, blank=True)
    oath_place = models.CharField(_("宣誓地点"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("任免案")
        verbose_name_plural = _("任免案")
        ordering = ["-submitted_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "letter_number"],
                condition=~models.Q(letter_number=""),
                name="personnel_letter_number_unique",
                violation_error_message=_("任命书编号已被使用。"),
            ),
        ]

    def __str__(self) -> str:
        return _("提请任命%(name)s为%(post)s") % {"name": self.nominee_name, "post": self.post}

    def get_absolute_url(self) -> str:
        return reverse("personnel:case_detail", args=[self.pk])


class AppointmentCaseEvent(StatusEvent):
    """History of an appointment case."""

    status_choices = AppointmentStatus

    case = models.ForeignKey(AppointmentCase, verbose_name=_("任免案"), related_name="events", on_delete=models.CASCADE)

    class Meta(StatusEvent.Meta):
        verbose_name = _("任免案办理记录")
        verbose_name_plural = _("任免案办理记录")
