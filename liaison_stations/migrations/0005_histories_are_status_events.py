"""Opinion items' history becomes a core StatusEvent; inspection problems get one.

``OpinionTransition`` keeps its rows and its own columns (``actor_label``,
``due_date``); ``occurred_at`` takes each row's creation time. Problems had
no history: their table starts empty.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.db.models import F


def fill_occurred_at(apps, schema_editor):
    apps.get_model("liaison_stations", "OpinionTransition").objects.update(occurred_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("liaison_stations", "0004_reception_region"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            "opiniontransition", "action", models.CharField(blank=True, max_length=32, verbose_name="操作")
        ),
        migrations.AlterField(
            "opiniontransition", "from_status", models.CharField(blank=True, max_length=32, verbose_name="原状态")
        ),
        migrations.AlterField(
            "opiniontransition", "to_status", models.CharField(blank=True, max_length=32, verbose_name="新状态")
        ),
        migrations.AddField(
            "opiniontransition",
            "occurred_at",
            models.DateTimeField(auto_now_add=True, default=django.utils.timezone.now, verbose_name="时间"),
            preserve_default=False,
        ),
        migrations.RunPython(fill_occurred_at, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="opiniontransition",
            options={"ordering": ["occurred_at", "pk"], "verbose_name": "办理记录", "verbose_name_plural": "办理记录"},
        ),
        migrations.CreateModel(
            name="InspectionProblemEvent",
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
                    "problem",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="liaison_stations.inspectionproblem",
                        verbose_name="检查发现问题",
                    ),
                ),
            ],
            options={
                "verbose_name": "整改记录",
                "verbose_name_plural": "整改记录",
                "ordering": ["occurred_at", "pk"],
                "abstract": False,
            },
        ),
    ]
