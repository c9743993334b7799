"""Forms for creating records and for each step; their data goes to one service call."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import ActionForm, ScopedModelForm
from core.scoping import regions_visible_to
from deputies.models import Congress

from .choices import Grade, RectificationStatus
from .models import AppointmentCase, DutyReport, ReviewPlan, StandingCommitteeSession


class DateInput(forms.DateInput):
    input_type = "date"


def congress_choices(user):
    return Congress.objects.filter(region__in=regions_visible_to(user)).select_related("region")


class _CongressFormMixin:
    """Congresses are not region-scoped rows themselves; their choices follow the region."""

    def limit_congress(self, user) -> None:
        self.fields["congress"].queryset = congress_choices(user)


def _session_field(target, **kwargs) -> forms.ModelChoiceField:
    queryset = StandingCommitteeSession.objects.filter(congress_id=target.congress_id).select_related("congress")
    return forms.ModelChoiceField(label=_("常委会会议"), queryset=queryset, **kwargs)


# Sessions
# ------------------------------------------------------------------------------


class SessionForm(_CongressFormMixin, ScopedModelForm):
    class Meta:
        model = StandingCommitteeSession
        fields = ["congress", "number", "held_on"]
        widgets = {"held_on": DateInput}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.limit_congress(user)


# Appointment cases
# ------------------------------------------------------------------------------


class AppointmentCaseForm(_CongressFormMixin, ScopedModelForm):
    class Meta:
        model = AppointmentCase
        fields = [
            "congress",
            "nominee_name",
            "nominee_gender",
            "nominee_current_post",
            "post",
            "nominating_body",
            "submitted_on",
            "session",
        ]
        widgets = {"submitted_on": DateInput}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.limit_congress(user)
        self.fields["session"].queryset = self.fields["session"].queryset.select_related("congress")


class ExamForm(ActionForm):
    exam_date = forms.DateField(label=_("考试日期"), widget=DateInput)
    score = forms.DecimalField(label=_("考试成绩"), max_digits=5, decimal_places=1, min_value=0)
    pass_mark = forms.DecimalField(label=_("合格分数线"), max_digits=5, decimal_places=1, min_value=1, initial=60)


class SubmitForReviewForm(ActionForm):
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"session": _session_field(self.target), **self.fields}


class VoteForm(ActionForm):
    vote_date = forms.DateField(label=_("表决日期"), widget=DateInput)
    members_total = forms.IntegerField(label=_("常委会组成人员总数"), min_value=1)
    votes_for = forms.IntegerField(label=_("赞成票"), min_value=0)
    votes_against = forms.IntegerField(label=_("反对票"), min_value=0)
    votes_abstain = forms.IntegerField(label=_("弃权票"), min_value=0)
    review_opinion = forms.CharField(label=_("审议意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        session = self.target.session
        if session is not None:
            self.fields["vote_date"].initial = session.held_on
        self.fields["members_total"].initial = self.target.congress.committee_members.filter(is_active=True).count()


class LetterForm(ActionForm):
    letter_number = forms.CharField(label=_("任命书编号"), max_length=64)
    issued_on = forms.DateField(label=_("颁发日期"), widget=DateInput)


class OathForm(ActionForm):
    oath_date = forms.DateField(label=_("宣誓日期"), widget=DateInput)
    oath_place = forms.CharField(label=_("宣誓地点"), max_length=200)


class WithdrawForm(ActionForm):
    note = forms.CharField(label=_("撤回理由"), widget=forms.Textarea(attrs={"rows": 3}))


# Duty reports
# ------------------------------------------------------------------------------


class DutyReportForm(_CongressFormMixin, ScopedModelForm):
    class Meta:
        model = DutyReport
        fields = ["congress", "year", "person_name", "post", "special_committee", "appointment"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.limit_congress(user)
        self.fields["year"].initial = timezone.localdate().year


class ReviewStepForm(ActionForm):
    reviewed_on = forms.DateField(label=_("审议日期"), widget=DateInput)
    opinion = forms.CharField(label=_("审议意见"), widget=forms.Textarea(attrs={"rows": 4}))


class OpenEvaluationForm(ActionForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"] = _session_field(self.target)


class BallotForm(ActionForm):
    grade = forms.ChoiceField(label=_("测评等次"), choices=Grade.choices, widget=forms.RadioSelect)


class PaperTotalsForm(ActionForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for grade in Grade:
            self.fields[grade.value] = forms.IntegerField(label=grade.label, min_value=0, initial=0)

    def counts(self) -> dict[str, int]:
        return {grade.value: self.cleaned_data[grade.value] for grade in Grade}


class FeedbackForm(ActionForm):
    feedback_on = forms.DateField(label=_("反馈日期"), widget=DateInput)
    feedback = forms.CharField(label=_("测评结果和审议意见"), widget=forms.Textarea(attrs={"rows": 4}))


class ReportUpwardForm(ActionForm):
    reported_on = forms.DateField(label=_("上报日期"), widget=DateInput)
    note = forms.CharField(label=_("上报说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


# Reviews of department heads
# ------------------------------------------------------------------------------


class ReviewPlanForm(_CongressFormMixin, ScopedModelForm):
    class Meta:
        model = ReviewPlan
        fields = ["congress", "year", "title", "survey_deadline", "notes"]
        widgets = {"survey_deadline": DateInput}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.limit_congress(user)


class ReviewItemForm(ActionForm):
    name = forms.CharField(label=_("评议项目"), max_length=100)
    max_score = forms.DecimalField(label=_("满分"), max_digits=5, decimal_places=1, min_value=1)


class ReviewHeadForm(ActionForm):
    department = forms.CharField(label=_("部门"), max_length=100)
    name = forms.CharField(label=_("姓名"), max_length=64)
    post = forms.CharField(label=_("职务"), max_length=100)


class SurveyForm(ActionForm):
    satisfied = forms.IntegerField(label=_("满意"), min_value=0)
    basic = forms.IntegerField(label=_("基本满意"), min_value=0)
    unsatisfied = forms.IntegerField(label=_("不满意"), min_value=0)
    opinions = forms.CharField(label=_("代表意见建议"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        head = self.target
        self.initial.update(
            satisfied=head.survey_satisfied,
            basic=head.survey_basic,
            unsatisfied=head.survey_unsatisfied,
            opinions=head.survey_opinions,
        )


class ScoresForm(ActionForm):
    """One field per evaluation item of the plan, up to its full marks."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = {s.item_id: s.score for s in self.target.scores.all()}
        for item in self.target.plan.items.all():
            self.fields[f"item_{item.pk}"] = forms.DecimalField(
                label=_("%(item)s（满分%(max)s）") % {"item": item.name, "max": item.max_score},
                max_digits=5,
                decimal_places=1,
                min_value=0,
                max_value=item.max_score,
                initial=current.get(item.pk),
            )

    def scores(self) -> dict:
        return {
            int(name.removeprefix("item_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("item_")
        }


class RectificationForm(ActionForm):
    rectification_status = forms.ChoiceField(label=_("整改情况"), choices=RectificationStatus.choices)
    requirement = forms.CharField(label=_("整改要求"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    report = forms.CharField(label=_("整改报告"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    rectified_on = forms.DateField(label=_("整改完成日期"), required=False, widget=DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        head = self.target
        # The form starts from the head's record (a form's initial data, not a move).
        self.initial = {
            "rectification_status": head.rectification_status,
            "requirement": head.rectification_requirement,
            "report": head.rectification_report,
            "rectified_on": head.rectified_on,
            **self.initial,
        }

    def arguments(self) -> dict:
        """The service's arguments: the chosen status is where the head's rectification moves to."""
        data = dict(self.cleaned_data)
        return {"status": data.pop("rectification_status"), **data}
