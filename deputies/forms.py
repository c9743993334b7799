"""Forms: shape only; the services hold the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ScopedModelForm
from core.scoping import regions_visible_to

from .choices import (
    ETHNICITIES,
    DeputyStatus,
    Education,
    Gender,
    MembershipRole,
    PoliticalAffiliation,
    SectorClass,
)
from .models import Activity, Congress, Contact, Deputy, Group, TrainingCourse
from .people import IDENTIFIERS, MANDATE_FIELDS, PERSON_FIELDS
from .validators import validate_id_number, validate_mobile

DATE = forms.DateInput(attrs={"type": "date"})


def _tag_list(value: str) -> list[str]:
    return [t.strip() for t in value.replace("，", ",").replace("、", ",").split(",") if t.strip()]


class DeputyForm(forms.Form):
    """Registration and edit of a mandate with its person's data (staff only)."""

    name = forms.CharField(label=_("姓名"), max_length=64)
    gender = forms.ChoiceField(label=_("性别"), choices=Gender.choices)
    ethnicity = forms.ChoiceField(label=_("民族"), choices=[(e, e) for e in ETHNICITIES], initial="汉族")
    birth_date = forms.DateField(label=_("出生日期"), required=False, widget=DATE)
    political_affiliation = forms.ChoiceField(
        label=_("政治面貌"), choices=[("", "---------"), *PoliticalAffiliation.choices], required=False
    )
    education = forms.ChoiceField(label=_("学历"), choices=[("", "---------"), *Education.choices], required=False)
    occupation = forms.CharField(label=_("职业"), max_length=64, required=False)
    work_unit = forms.CharField(label=_("工作单位及职务"), max_length=200, required=False)
    id_number = forms.CharField(label=_("身份证号码"), max_length=18, required=False, validators=[validate_id_number])
    mobile = forms.CharField(label=_("手机号码"), max_length=20, required=False, validators=[validate_mobile])
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    address = forms.CharField(label=_("通讯地址"), max_length=200, required=False)
    expertise_tags = forms.CharField(
        label=_("专业名片"), required=False, help_text=_("多个标签用逗号或顿号分隔，如：教育、数字经济")
    )
    congress = forms.ModelChoiceField(label=_("所属人大"), queryset=Congress.objects.select_related("region"))
    region = forms.ModelChoiceField(label=_("所属行政区划"), queryset=None)
    electoral_unit = forms.CharField(label=_("选举单位"), max_length=100, required=False)
    delegation = forms.CharField(label=_("代表团"), max_length=100, required=False)
    sector_class = forms.ChoiceField(
        label=_("代表类别"), choices=[("", "---------"), *SectorClass.choices], required=False
    )
    elected_on = forms.DateField(label=_("当选日期"), required=False, widget=DATE)

    PERSON_FIELDS = PERSON_FIELDS
    MANDATE_FIELDS = MANDATE_FIELDS
    IDENTIFIERS = IDENTIFIERS

    def __init__(self, *args, user, instance: Deputy | None = None, **kwargs):
        self.user = user
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            person = instance.person
            # Identifiers are never sent back to the browser: blank means "unchanged".
            initial = {f: getattr(person, f) for f in self.PERSON_FIELDS if f not in self.IDENTIFIERS}
            initial.update({f: getattr(instance, f) for f in self.MANDATE_FIELDS})
            initial.update(
                congress=instance.congress_id,
                region=instance.region_id,
                expertise_tags="、".join(t.name for t in person.expertise_tags.all()),
            )
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions_visible_to(user)
        self.fields["congress"].queryset = Congress.objects.filter(region__in=regions_visible_to(user)).select_related(
            "region"
        )
        if instance is not None:
            del self.fields["congress"]
            for name, masked in (("id_number", person.id_number_masked), ("mobile", person.mobile_masked)):
                self.fields[name].help_text = _("留空表示不修改（现为 %(value)s）") % {"value": masked or "—"}

    def person_data(self) -> dict:
        data = {f: self.cleaned_data.get(f) for f in self.PERSON_FIELDS}
        if self.instance is not None:
            for name in self.IDENTIFIERS:
                data[name] = data[name] or None  # None keeps the stored value
        data["expertise_tags"] = _tag_list(self.cleaned_data.get("expertise_tags", ""))
        return data

    def mandate_data(self) -> dict:
        return {f: self.cleaned_data.get(f) for f in self.MANDATE_FIELDS}


class DeputyStatusForm(forms.Form):
    to_status = forms.ChoiceField(
        label=_("新状态"), choices=[c for c in DeputyStatus.choices if c[0] != DeputyStatus.SERVING]
    )
    effective_date = forms.DateField(label=_("生效日期"), widget=DATE)
    reason = forms.CharField(label=_("原因"), max_length=200, required=False)

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)


class OwnProfileForm(forms.Form):
    """What a deputy may edit on their own profile."""

    mobile = forms.CharField(label=_("手机号码"), max_length=20, required=False, validators=[validate_mobile])
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    address = forms.CharField(label=_("通讯地址"), max_length=200, required=False)
    expertise_tags = forms.CharField(
        label=_("专业名片"), required=False, help_text=_("多个标签用逗号或顿号分隔，如：教育、数字经济")
    )

    def __init__(self, *args, user, person=None, **kwargs):
        self.user = user
        if person is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "mobile": person.mobile or "",
                "email": person.email,
                "address": person.address,
                "expertise_tags": "、".join(t.name for t in person.expertise_tags.all()),
            }
        super().__init__(*args, **kwargs)

    def tags(self) -> list[str]:
        return _tag_list(self.cleaned_data.get("expertise_tags", ""))


class GroupForm(ScopedModelForm):
    class Meta:
        model = Group
        fields = [
            "name",
            "kind",
            "region",
            "congress",
            "theme",
            "cross_region",
            "cross_level",
            "cross_field",
            "formed_on",
            "description",
        ]
        widgets = {"formed_on": DATE}


class AddMembersForm(forms.Form):
    deputies = forms.ModelMultipleChoiceField(label=_("代表"), queryset=Deputy.objects.none())
    role = forms.ChoiceField(label=_("职务"), choices=MembershipRole.choices, initial=MembershipRole.MEMBER)
    start_date = forms.DateField(label=_("加入日期"), required=False, widget=DATE)

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["deputies"].queryset = Deputy.objects.visible_to(user).select_related("person")


class ContactForm(ScopedModelForm):
    class Meta:
        model = Contact
        fields = ["deputy", "kind", "counterpart", "contacted_on", "way", "topic", "outcome"]
        widgets = {"contacted_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        deputies = self.fields["deputy"]
        deputies.queryset = deputies.queryset.select_related("person", "congress").order_by("person__name_stroke_key")
        deputies.label_from_instance = lambda d: f"{d.person.name}（{d.congress.name}）"


class TrainingCourseForm(ScopedModelForm):
    class Meta:
        model = TrainingCourse
        fields = ["title", "training_class", "region", "start_date", "end_date", "hours", "location"]
        widgets = {"start_date": DATE, "end_date": DATE}


class AttendanceForm(forms.Form):
    deputies = forms.ModelMultipleChoiceField(label=_("参训代表"), queryset=Deputy.objects.none())
    hours = forms.DecimalField(label=_("获得学时"), required=False, max_digits=5, decimal_places=1)

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["deputies"].queryset = Deputy.objects.visible_to(user).select_related("person")


class ActivityForm(ScopedModelForm):
    class Meta:
        model = Activity
        fields = ["title", "kind", "region", "held_on", "location", "description"]
        widgets = {"held_on": DATE}


class PublicCheckInForm(forms.Form):
    deputy_code = forms.CharField(label=_("代表码"), max_length=16, required=False)
    mobile_last4 = forms.CharField(label=_("手机号码后四位"), max_length=4, min_length=4, required=False)
    feedback = forms.CharField(label=_("意见反馈"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class RosterImportForm(forms.Form):
    file = forms.FileField(label=_("代表名册（.xlsx）"))
    congress = forms.ModelChoiceField(
        label=_("所属人大"),
        queryset=Congress.objects.none(),
        required=False,
        help_text=_("名册没有“所属人大”列（或该列留空）时，代表属于此处选择的人大。"),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["congress"].queryset = Congress.objects.filter(region__in=regions_visible_to(user))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("请上传 .xlsx 格式的 Excel 文件。"))
        return upload
