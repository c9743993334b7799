"""Work and suggestion items get the business date the figures count them by.

Existing rows take the parent's date: a work item its campaign's start, a
suggestion the latest date its source problems were found (else the campaign's
start), never the day the row was typed in.
"""

from django.db import migrations, models
from django.db.models import Max, OuterRef, Subquery
from django.db.models.functions import Coalesce


def date_existing_items(apps, schema_editor):
    work_item = apps.get_model("campaigns", "WorkItem")
    suggestion_item = apps.get_model("campaigns", "SuggestionItem")
    link = apps.get_model("campaigns", "SuggestionProblem")
    campaign = apps.get_model("campaigns", "Campaign")
    campaign_start = Subquery(campaign.objects.filter(pk=OuterRef("campaign_id")).values("start_date")[:1])
    work_item.objects.update(listed_on=campaign_start)
    latest_problem = Subquery(
        link.objects.filter(suggestion_id=OuterRef("pk"))
        .values("suggestion_id")
        .annotate(latest=Max("problem__found_on"))
        .values("latest")[:1]
    )
    suggestion_item.objects.update(listed_on=Coalesce(latest_problem, campaign_start))


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0002_formal_suggestion")]

    operations = [
        migrations.AddField(
            "workitem",
            "listed_on",
            models.DateField(help_text="默认为主题活动开始日期。", null=True, verbose_name="列入日期"),
        ),
        migrations.AddField(
            "suggestionitem",
            "listed_on",
            models.DateField(help_text="默认为来源问题中最晚的发现日期。", null=True, verbose_name="列入日期"),
        ),
        migrations.RunPython(date_existing_items, migrations.RunPython.noop),
        migrations.AlterField(
            "workitem",
            "listed_on",
            models.DateField(help_text="默认为主题活动开始日期。", verbose_name="列入日期"),
        ),
        migrations.AlterField(
            "suggestionitem",
            "listed_on",
            models.DateField(help_text="默认为来源问题中最晚的发现日期。", verbose_name="列入日期"),
        ),
        migrations.AlterModelOptions(
            "workitem",
            {
                "ordering": ["region__code", "-listed_on", "-pk"],
                "verbose_name": "工作清单",
                "verbose_name_plural": "工作清单",
            },
        ),
        migrations.AlterModelOptions(
            "suggestionitem",
            {
                "ordering": ["region__code", "-listed_on", "-pk"],
                "verbose_name": "建议清单",
                "verbose_name_plural": "建议清单",
            },
        ),
    ]
