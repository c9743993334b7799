"""Figures of the theme-campaign area: the four lists and participation."""

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from stats.metrics import Metric, register_area, register_metric

from .models import CampaignActivity, LeadershipInstruction, ProblemItem, ResultItem, SuggestionItem, WorkItem

register_area("campaigns", _("主题活动"))

for key, label, model, date_path in (
    ("campaign_work_items", _("工作清单"), WorkItem, "listed_on"),
    ("campaign_problem_items", _("问题清单"), ProblemItem, "found_on"),
    ("campaign_suggestion_items", _("建议清单"), SuggestionItem, "listed_on"),
    ("campaign_result_items", _("成果清单"), ResultItem, "achieved_on"),
):
    register_metric(
        Metric(
            key=key,
            label=label,
            area="campaigns",
            queryset=model.objects.all,
            date_path=date_path,
            subgroup_path="campaign_id",
        )
    )

register_metric(
    Metric(
        key="campaign_activities",
        label=_("活动场次"),
        area="campaigns",
        queryset=lambda: CampaignActivity.objects.all(),
        date_path="held_on",
    )
)
register_metric(
    Metric(
        key="campaign_person_times",
        label=_("代表参与人次"),
        area="campaigns",
        queryset=lambda: CampaignActivity.objects.all(),
        date_path="held_on",
        value=lambda: Sum("person_times"),
    )
)
register_metric(
    Metric(
        key="campaign_problems_reported",
        label=_("反映问题数"),
        area="campaigns",
        queryset=lambda: CampaignActivity.objects.all(),
        date_path="held_on",
        value=lambda: Sum("problems_reported"),
    )
)
register_metric(
    Metric(
        key="leadership_instructions",
        label=_("领导批示"),
        area="campaigns",
        queryset=lambda: LeadershipInstruction.objects.all(),
        date_path="instructed_on",
    )
)
