"""Personnel's history rows become core StatusEvents, written by the one workflow engine.

Each event gets the ``action`` that wrote it, filled in for existing rows
where it can be told: a move by the status it moved to, a creation by its
empty origin, a recorded fact by the words its note starts with. Heads under
review get a history of their own (survey, scores, rectification).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import Case, F, Q, Value, When

# model -> (to_status -> action) for moves, and (note prefix -> action) for facts
ACTIONS = {
    "appointmentcaseevent": (
        {
            "under_review": "submit",
            "approved": "approve",
            "rejected": "reject",
            "appointed": "issue_letter",
            "sworn": "oath",
            "withdrawn": "withdraw",
        },
        {"任前法律知识考试": "exam"},
    ),
    "dutyreportevent": (
        {
            "preliminary_reviewed": "preliminary",
            "chairpersons_reviewed": "chairpersons",
            "evaluating": "open_evaluation",
            "evaluated": "close_evaluation",
            "feedback_given": "feedback",
            "reported": "report_upward",
        },
        {"录入纸质测评票": "paper_totals"},
    ),
    "reviewplanevent": (
        {
            "surveying": "start_survey",
            "scoring": "start_scoring",
            "ranked": "rank",
            "rectifying": "start_rectification",
            "closed": "close",
        },
        {"新增评议项目": "add_item", "列入评议对象": "add_head"},
    ),
}


def fill_actions(apps, schema_editor):
    for model_name, (moves, facts) in ACTIONS.items():
        model = apps.get_model("personnel", model_name)
        model.objects.update(
            action=Case(
                When(from_status="", then=Value("create")),
                *(
                    When(~Q(from_status=F("to_status")) & Q(to_status=status), then=Value(name))
                    for status, name in moves.items()
                ),
                *(
                    When(Q(from_status=F("to_status")) & Q(note__startswith=prefix), then=Value(name))
                    for prefix, name in facts.items()
                ),
                default=Value(""),
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("personnel", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        *(
            migrations.AddField(
                model_name=model_name,
                name="action",
                field=models.CharField(blank=True, max_length=32, verbose_name="操作"),
            )
            for model_name in ACTIONS
        ),
        *(
            migrations.AlterField(
                model_name=model_name,
                name="to_status",
                field=models.CharField(blank=True, max_length=32, verbose_name="新状态"),
            )
            for model_name in ACTIONS
        ),
        migrations.CreateModel(
            name="ReviewedHeadEvent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("occurred_at", models.DateTimeField(auto_now_add=True, verbose_name="时间")),
                ("action", models.CharField(blank=True, max_length=32, verbose_name="操作")),
                ("from_status", models.CharField(blank=True, max_length=32, verbose_name="原状态")),
                ("to_status", models.CharField(blank=True, max_length=32, verbose_name="新状态")),
                ("note", models.TextField(blank=True, verbose_name="说明")),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="操作人",
                    ),
                ),
                (
                    "head",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="personnel.reviewedhead",
                        verbose_name="被评议人员",
                    ),
                ),
            ],
            options={
                "verbose_name": "被评议人员办理记录",
                "verbose_name_plural": "被评议人员办理记录",
                "ordering": ["occurred_at", "pk"],
                "abstract": False,
            },
        ),
        migrations.RunPython(fill_actions, migrations.RunPython.noop),
    ]
