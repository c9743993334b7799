"""Forms: shape and validation only; valid data goes to one service call."""

import re
import secrets
import time
from decimal import Decimal

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from core.forms import ActionForm, ScopedModelForm
from core.scoping import regions_visible_to
from deputies.models import Deputy
from regions.choices import RegionLevel
from regions.models import Region

from . import ratelimit
from .choices import OpinionCategory, ProblemStatus, Quarter, Rating
from .models import (
    Consultation,
    Inspection,
    InspectionProblem,
    OpinionItem,
    Reception,
    Solicitation,
    SolicitationOpinion,
    Station,
)
from .workflow import PROBLEM_FLOW

# ASCII digits only: Python's \d also matches full-width and other scripts' digits.
PHONE_RE = re.compile(r"^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$")
URL_RE = re.compile(r"(https?://|www\.)", re.IGNORECASE)


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def validate_phone(value: str) -> str:
    value = value.replace(" ", "")
    if value and not PHONE_RE.match(value):
        raise forms.ValidationError(_("请输入正确的手机号码或固定电话（如 13800000000 或 0571-88888888）。"))
    return value


# Stations and receptions
# ------------------------------------------------------------------------------


class StationForm(ScopedModelForm):
    class Meta:
        model = Station
        fields = [
            "name",
            "kind",
            "region",
            "address",
            "opening_hours",
            "contact_name",
            "contact_phone",
            "description",
            "is_active",
            "deputies",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = self.fields["region"].queryset.filter(level=RegionLevel.TOWNSHIP)
        self.fields["deputies"].queryset = self.fields["deputies"].queryset.select_related("person")

    def clean_contact_phone(self):
        return validate_phone(self.cleaned_data["contact_phone"])


class ReceptionForm(ScopedModelForm):
    visitors = forms.CharField(
        label=_("来访群众（选填）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一人：姓名 电话（电话可不填），仅登记本人同意记录的群众。"),
    )

    class Meta:
        model = Reception
        fields = ["station", "date", "deputies", "visitor_count", "topics"]
        widgets = {"date": _date_input()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputies"].queryset = self.fields["deputies"].queryset.select_related("person")

    def clean_visitors(self):
        rows = []
        for n, line in enumerate(self.cleaned_data["visitors"].splitlines(), start=1):
            parts = line.split()
            if not parts:
                continue
            phone = parts[1] if len(parts) > 1 else ""
            try:
                phone = validate_phone(phone)
            except forms.ValidationError:
                raise forms.ValidationError(_("第%(n)s行的电话号码格式不正确。") % {"n": n}) from None
            rows.append({"name": parts[0][:64], "phone": phone})
        return rows


# Opinion items and their transitions
# ------------------------------------------------------------------------------


class OpinionItemForm(ScopedModelForm):
    class Meta:
        model = OpinionItem
        fields = [
            "station",
            "reception",
            "title",
            "content",
            "category",
            "source",
            "location",
            "resident_name",
            "resident_phone",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].required = True
        self.fields["reception"].queryset = self.fields["reception"].queryset.select_related("station")

    def clean_resident_phone(self):
        return validate_phone(self.cleaned_data["resident_phone"])


class RegisterForm(ActionForm):
    category = forms.ChoiceField(label=_("类别"), choices=[("", "---------"), *OpinionCategory.choices], required=False)
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AssignForm(ActionForm):
    unit = forms.CharField(label=_("承办部门"), max_length=100, required=False)
    deputy = forms.ModelChoiceField(label=_("承办代表"), queryset=Deputy.objects.none(), required=False)
    due_date = forms.DateField(label=_("办理期限"), required=False, widget=_date_input(), help_text=_("不填则为15天。"))
    note = forms.CharField(label=_("交办意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = Deputy.objects.visible_to(self.user).select_related("person")


class HandleForm(ActionForm):
    result = forms.CharField(label=_("办理情况"), widget=forms.Textarea(attrs={"rows": 3}))


class SuperviseForm(ActionForm):
    note = forms.CharField(label=_("督办意见"), widget=forms.Textarea(attrs={"rows": 2}))


class ReplyForm(ActionForm):
    reply = forms.CharField(
        label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 3}), help_text=_("群众可凭查询码看到答复内容。")
    )


class CloseForm(ActionForm):
    note = forms.CharField(label=_("办结说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReopenForm(ActionForm):
    reason = forms.CharField(label=_("重新办理理由"), widget=forms.Textarea(attrs={"rows": 2}))
    due_date = forms.DateField(label=_("办理期限"), required=False, widget=_date_input())


# Solicitation, consultation, inspection
# ------------------------------------------------------------------------------


class SolicitationForm(ScopedModelForm):
    class Meta:
        model = Solicitation
        fields = ["title", "kind", "region", "start_date", "end_date", "stations", "description"]
        widgets = {"start_date": _date_input(), "end_date": _date_input()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = self.fields["region"].queryset.exclude(level=RegionLevel.TOWNSHIP)
        self.fields["stations"].required = True


class SolicitationOpinionForm(ScopedModelForm):
    class Meta:
        model = SolicitationOpinion
        fields = ["station", "clause", "content", "contributor_count"]

    def __init__(self, *args, solicitation=None, **kwargs):
        super().__init__(*args, **kwargs)
        if solicitation is not None:
            self.fields["station"].queryset = solicitation.stations.visible_to(self.user)


class ConsultationForm(ScopedModelForm):
    class Meta:
        model = Consultation
        fields = ["station", "date", "body_kind", "body_name", "topic", "participants", "participant_count", "outcome"]
        widgets = {"date": _date_input()}


class InspectionForm(ScopedModelForm):
    class Meta:
        model = Inspection
        fields = ["title", "region", "date", "stations", "summary"]
        widgets = {"date": _date_input()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = self.fields["region"].queryset.exclude(level=RegionLevel.TOWNSHIP)


class ProblemForm(ScopedModelForm):
    class Meta:
        model = InspectionProblem
        fields = ["station", "category", "description", "owner", "deadline"]
        widgets = {"deadline": _date_input(), "description": forms.Textarea(attrs={"rows": 2})}


class ProblemStatusForm(ActionForm):
    status = forms.ChoiceField(label=_("整改状态"), choices=ProblemStatus.choices)
    rectification = forms.CharField(label=_("整改情况"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.target is not None:
            # The problem's own status (progress only) and those one step away.
            reachable = {self.target.status} | PROBLEM_FLOW.targets_from(self.target.status)
            self.fields["status"].choices = [c for c in ProblemStatus.choices if c[0] in reachable]
            self.fields["status"].initial = self.target.status
            self.fields["rectification"].initial = self.target.rectification


# Evaluation
# ------------------------------------------------------------------------------


class IndicatorSetForm(forms.Form):
    region = forms.ModelChoiceField(label=_("制定单位所在区划"), queryset=Region.objects.none())
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    name = forms.CharField(label=_("名称"), max_length=100)
    indicators = forms.CharField(
        label=_("指标及权重"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("每行一项：指标名称 权重，权重合计为100。例如：阵地建设 20"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions_visible_to(user).exclude(level=RegionLevel.TOWNSHIP)

    def clean_indicators(self):
        rows = []
        for n, line in enumerate(self.cleaned_data["indicators"].splitlines(), start=1):
            if not line.strip():
                continue
            name, _sep, weight = line.strip().rpartition(" ")
            try:
                value = Decimal(weight)
            except ArithmeticError:
                value = None
            if not name.strip() or value is None or value <= 0:
                raise forms.ValidationError(_("第%(n)s行格式应为“指标名称 权重”。") % {"n": n})
            rows.append({"name": name.strip(), "weight": value})
        return rows


class ScoreForm(forms.Form):
    """One score (0–100) per indicator of the set."""

    def __init__(self, *args, user, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        for indicator in self.indicators:
            self.fields[f"score_{indicator.pk}"] = forms.DecimalField(
                label=f"{indicator.name}（{indicator.weight}%）",
                min_value=0,
                max_value=100,
                decimal_places=2,
                help_text=indicator.description,
            )

    def scores(self) -> dict[int, Decimal]:
        return {i.pk: self.cleaned_data[f"score_{i.pk}"] for i in self.indicators}


class SelfEvaluationForm(ScoreForm):
    station = forms.ModelChoiceField(label=_("联络站"), queryset=Station.objects.none())
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(label=_("季度"), choices=Quarter.choices, coerce=int)

    field_order = ["station", "year", "quarter"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["station"].queryset = Station.objects.visible_to(user)
        self.order_fields(self.field_order)


class ReviewForm(ScoreForm):
    note = forms.CharField(label=_("考评意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


# Public pages (no account)
# ------------------------------------------------------------------------------

FORM_TOKEN_SALT = "liaison_stations.public_form"
MIN_FILL_SECONDS = 3
MAX_FORM_AGE_SECONDS = 2 * 60 * 60


def form_token(at: float | None = None) -> str:
    """A signed timestamp of when the form was shown: bots that post at once are refused.

    A random part makes every form shown carry its own token, so that a token can
    be spent once (``form_token_spend``) without two residents' forms colliding.
    """
    shown = int(at if at is not None else time.time())
    return signing.Signer(salt=FORM_TOKEN_SALT).sign(f"{shown}:{secrets.token_urlsafe(12)}")


def form_token_spend(token: str) -> bool:
    """Mark the form's token used; False when it was used before (a replayed submission)."""
    return ratelimit.claim_once(f"form-token:{token}", ttl=MAX_FORM_AGE_SECONDS + 60)


class SpamRejected(Exception):
    """The submission looks automated; the resident sees a generic message and nothing is stored."""


class PublicOpinionForm(forms.Form):
    category = forms.ChoiceField(label=_("反映类别"), choices=OpinionCategory.choices)
    content = forms.CharField(
        label=_("反映内容"),
        min_length=10,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("请填写反映内容。"),
            "min_length": _("反映内容至少需要10个字，请写清楚具体情况。"),
            "max_length": _("反映内容不能超过1000个字。"),
        },
    )
    location = forms.CharField(label=_("发生地点"), max_length=100, required=False)
    resident_name = forms.CharField(label=_("您的姓名（选填）"), max_length=32, required=False)
    resident_phone = forms.CharField(
        label=_("联系电话（选填）"),
        max_length=20,
        required=False,
        help_text=_("仅供工作人员联系您，不会公开。"),
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
    )
    # Honeypot: hidden from people by CSS; a bot that fills it is refused.
    website = forms.CharField(
        required=False, label=_("网址"), widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"})
    )
    started = forms.CharField(widget=forms.HiddenInput)

    def clean_resident_phone(self):
        return validate_phone(self.cleaned_data["resident_phone"])

    def clean_content(self):
        content = self.cleaned_data["content"].strip()
        if URL_RE.search(content):
            raise forms.ValidationError(_("反映内容中不能包含网址链接。"))
        if len(content) < 10:
            raise forms.ValidationError(_("反映内容至少需要10个字，请写清楚具体情况。"))
        return content

    def check_spam(self) -> None:
        """Raise SpamRejected for a filled honeypot or a form posted too fast or too late."""
        if self.data.get("website"):
            raise SpamRejected
        try:
            value = signing.Signer(salt=FORM_TOKEN_SALT).unsign(self.data.get("started", ""))
            shown = int(value.split(":", 1)[0])
        except (signing.BadSignature, ValueError):
            raise SpamRejected from None
        age = time.time() - shown
        if age < MIN_FILL_SECONDS or age > MAX_FORM_AGE_SECONDS:
            raise SpamRejected

    def title(self) -> str:
        content = self.cleaned_data["content"]
        return content[:30] + ("…" if len(content) > 30 else "")


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("查询码"),
        max_length=20,
        error_messages={"required": _("请输入查询码。")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class RateForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput)
    rating = forms.ChoiceField(label=_("您对办理结果的评价"), choices=Rating.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("评价意见（选填）"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
