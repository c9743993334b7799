"""Forms: shape only; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ActionForm, ScopedModelForm, TestIdMixin
from deputies.choices import DeputyStatus
from deputies.models import Deputy

from .choices import SUGGESTION_KINDS, ContactWay, ProposalKind, ReplyClass, Satisfaction
from .models import HandlingUnit, Proposal


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".pdf,.doc,.docx,.wps,.ofd,.xls,.xlsx,.jpg,.png"})
        )
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class ProposalForm(TestIdMixin, ScopedModelForm):
    attachments = MultipleFileField(
        label=_("附件"), help_text=_("可上传 PDF、Word、WPS、OFD、Excel 或图片，每个文件不超过 20 MB。")
    )

    class Meta:
        model = Proposal
        fields = ["session", "kind", "title", "category", "body", "disclosure_agreed"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}
        help_texts = {"disclosure_agreed": _("同意后，答复经评价可在公开页面公布（不含不公开内容）。")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].empty_label = None
        if self.instance.pk:
            self.fields["session"].disabled = True
            if self.instance.status != "draft":
                self.fields["kind"].disabled = True
        self._add_test_ids()


class ReasonForm(TestIdMixin, ActionForm):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_test_ids()


class ConvertForm(TestIdMixin, ActionForm):
    kind = forms.ChoiceField(
        label=_("转为"), choices=[(k, ProposalKind(k).label) for k in ProposalKind.values if k in SUGGESTION_KINDS]
    )
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_test_ids()


class InviteForm(TestIdMixin, ActionForm):
    deputies = forms.ModelMultipleChoiceField(label=_("附议代表"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        obj = self.target
        # The roster of fellow deputies of the same congress (names only) is the
        # list to invite from; deputies cannot otherwise read each other's records.
        self.fields["deputies"].queryset = (
            Deputy.objects.filter(congress_id=obj.session.congress_id, status=DeputyStatus.SERVING)
            .exclude(pk=obj.deputy_id)
            .exclude(pk__in=obj.cosignatures.values("deputy_id"))
            .select_related("person")
        )
        self.fields["deputies"].label_from_instance = lambda d: d.person.name
        self._add_test_ids()


class AssignForm(TestIdMixin, ActionForm):
    asks_reason = False
    lead_unit = forms.ModelChoiceField(label=_("主办单位"), queryset=None)
    co_units = forms.ModelMultipleChoiceField(label=_("协办单位"), queryset=None, required=False)
    reason = forms.CharField(
        label=_("调整理由"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("调整承办单位时必填。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user, obj = self.user, self.target
        units = HandlingUnit.objects.visible_to(user).filter(region_id=obj.region_id, is_active=True)
        self.fields["lead_unit"].queryset = units
        self.fields["co_units"].queryset = units
        if not self.asks_reason:
            del self.fields["reason"]
        self._add_test_ids()


class ReassignForm(AssignForm):
    """Other units take over the task: the reason is kept with the ended assignments."""

    asks_reason = True


class CosignForm(TestIdMixin, ActionForm):
    """The invited deputy's answer: the button pressed posts ``accept`` 1 or 0."""

    accept = forms.TypedChoiceField(
        choices=[("1", _("确认附议")), ("0", _("谢绝"))], coerce=lambda v: v == "1", required=False, empty_value=True
    )


class ContactForm(TestIdMixin, ActionForm):
    contacted_on = forms.DateField(label=_("联系日期"), widget=forms.DateInput(attrs={"type": "date"}))
    way = forms.ChoiceField(label=_("联系方式"), choices=ContactWay.choices)
    content = forms.CharField(label=_("沟通内容"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_test_ids()


class ExtensionForm(TestIdMixin, ActionForm):
    requested_deadline = forms.DateField(label=_("申请延至"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("延期理由"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_test_ids()


class DecisionForm(TestIdMixin, ActionForm):
    approve = forms.TypedChoiceField(
        label=_("审批结果"),
        choices=[("1", _("批准")), ("0", _("不批准"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("审批意见"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_test_ids()


class OpinionForm(TestIdMixin, ActionForm):
    opinion = forms.CharField(label=_("协办意见"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_test_ids()


class StageForm(TestIdMixin, ActionForm):
    note = forms.CharField(label=_("阶段说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_test_ids()


class ReplyForm(TestIdMixin, ActionForm):
    classification = forms.ChoiceField(label=_("答复类别"), choices=ReplyClass.choices, widget=forms.RadioSelect)
    text = forms.CharField(label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 10}))
    confidential_text = forms.CharField(
        label=_("不公开内容"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("涉密或不宜公开的部分，只有代表和工作人员可见。"),
    )
    is_public = forms.BooleanField(label=_("答复公开"), required=False, initial=True)
    attachments = MultipleFileField(label=_("答复附件"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_test_ids()


class RatingForm(TestIdMixin, ActionForm):
    work_rating = forms.ChoiceField(
        label=_("对办理工作（沟通联系、办理态度）的评价"), choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    result_rating = forms.ChoiceField(
        label=_("对办理结果的评价"), choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("意见和建议"), required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text=_("不满意时必填。")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_test_ids()


class SuperviseForm(TestIdMixin, ActionForm):
    leader = forms.CharField(label=_("督办领导"), max_length=64)
    reason = forms.CharField(label=_("督办理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_test_ids()


class SupervisionRecordForm(TestIdMixin, ActionForm):
    happened_on = forms.DateField(label=_("督办日期"), widget=forms.DateInput(attrs={"type": "date"}))
    content = forms.CharField(label=_("督办情况"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_test_ids()
