"""Forms: shape only. Choices stop at the user's jurisdiction and, for chain
links, at the campaign the item is being added to."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ScopedModelForm
from core.scoping import regions_visible_to
from deputies.models import Deputy
from regions.choices import RegionLevel

from .models import (
    Campaign,
    CampaignActivity,
    LeadershipInstruction,
    ProblemItem,
    ResultItem,
    SuggestionItem,
    WorkItem,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
UPPER_LEVELS = [RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY]


class CampaignForm(ScopedModelForm):
    class Meta:
        model = Campaign
        fields = ["name", "parent", "region", "start_date", "end_date", "description", "participating_regions"]
        widgets = {"start_date": DATE, "end_date": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        regions = regions_visible_to(user).filter(level__in=UPPER_LEVELS)
        self.fields["region"].queryset = regions
        self.fields["participating_regions"].queryset = regions.exclude(level=RegionLevel.PROVINCE)
        self.fields["parent"].queryset = Campaign.objects.visible_to(user).filter(parent__isnull=True)


class CampaignChildForm(ScopedModelForm):
    """An item added to one campaign: its region and chain links stay inside that campaign."""

    def __init__(self, *args, user, campaign: Campaign, **kwargs):
        self.campaign = campaign
        super().__init__(*args, user=user, **kwargs)
        if "region" in self.fields:
            self.fields["region"].queryset = regions_visible_to(user).filter(
                code__startswith=campaign.region.scope_prefix
            )
            if user.region_id:
                self.fields["region"].initial = user.region_id
        for name, model in (
            ("work_item", WorkItem),
            ("problems", ProblemItem),
            ("suggestion", SuggestionItem),
            ("problem", ProblemItem),
            ("result", ResultItem),
        ):
            if name in self.fields:
                self.fields[name].queryset = model.objects.visible_to(user).filter(campaign=campaign)
        if "deputies" in self.fields:
            self.fields["deputies"].queryset = (
                Deputy.objects.visible_to(user)
                .filter(region__code__startswith=campaign.region.scope_prefix)
                .select_related("person")
            )


class WorkItemForm(CampaignChildForm):
    class Meta:
        model = WorkItem
        fields = ["region", "title", "description", "responsible_unit", "due_date", "listed_on"]
        widgets = {"due_date": DATE, "listed_on": DATE}


class ProblemItemForm(CampaignChildForm):
    class Meta:
        model = ProblemItem
        fields = ["region", "work_item", "title", "description", "deputies", "found_on"]
        widgets = {"found_on": DATE}


class SuggestionItemForm(CampaignChildForm):
    class Meta:
        model = SuggestionItem
        fields = [
            "region",
            "problems",
            "title",
            "description",
            "formal_suggestion",
            "formal_suggestion_number",
            "listed_on",
        ]
        widgets = {"listed_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problems"].required = True


class ResultItemForm(CampaignChildForm):
    class Meta:
        model = ResultItem
        fields = ["region", "suggestion", "problem", "work_item", "title", "description", "achieved_on"]
        widgets = {"achieved_on": DATE}

    def clean(self):
        data = super().clean()
        if not (data.get("suggestion") or data.get("problem") or data.get("work_item")):
            raise forms.ValidationError(_("成果须关联产生它的建议、问题或工作清单条目。"))
        return data


class CampaignActivityForm(CampaignChildForm):
    person_times = forms.IntegerField(
        label=_("参加人次"), min_value=0, required=False, help_text=_("不填则按所列参加代表人数计。")
    )

    class Meta:
        model = CampaignActivity
        fields = ["region", "title", "activity_type", "held_on", "deputies", "person_times", "problems_reported"]
        widgets = {"held_on": DATE}


class LeadershipInstructionForm(CampaignChildForm):
    class Meta:
        model = LeadershipInstruction
        fields = [
            "result",
            "report_title",
            "leader_name",
            "leader_title",
            "instructed_on",
            "text",
            "follow_up",
            "followed_up_on",
        ]
        widgets = {"instructed_on": DATE, "followed_up_on": DATE}


class ProblemReportForm(forms.Form):
    """A deputy reports a problem they found, under one of their own mandates."""

    deputy = forms.ModelChoiceField(label=_("代表身份"), queryset=Deputy.objects.none())
    title = forms.CharField(label=_("问题概述"), max_length=200)
    description = forms.CharField(label=_("具体情况"), widget=forms.Textarea, required=False)
    found_on = forms.DateField(label=_("发现日期"), required=False, widget=DATE)

    def __init__(self, *args, user, campaign: Campaign, **kwargs):
        self.user = user
        self.campaign = campaign
        super().__init__(*args, **kwargs)
        mandates = Deputy.objects.filter(person__user=user).select_related("congress", "person")
        self.fields["deputy"].queryset = mandates
        self.fields["deputy"].label_from_instance = lambda d: d.congress.name
        if len(mandates) == 1:
            self.fields["deputy"].initial = mandates[0].pk


class InstructionFollowUpForm(forms.Form):
    follow_up = forms.CharField(label=_("落实情况"), widget=forms.Textarea)
    followed_up_on = forms.DateField(label=_("落实日期"), required=False, widget=DATE)

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
