"""A post's workflow history becomes a core StatusEvent, written by the one workflow engine.

The rows keep their times, actors and notes; ``action`` is derived from the
move each row records (a draft's first line is its creation).
"""

from django.db import migrations, models
from django.db.models import Case, Q, Value, When

ACTION_FOR_MOVE = [
    (Q(from_status=""), "create"),
    (Q(to_status="in_review"), "submit"),
    (Q(from_status="published", to_status="approved"), "unpublish"),
    (Q(to_status="approved"), "approve"),
    (Q(to_status="returned"), "return"),
    (Q(to_status="scheduled"), "schedule"),
    (Q(to_status="published"), "publish"),
]


def fill_actions(apps, schema_editor):
    apps.get_model("publicity", "PostTransition").objects.update(
        action=Case(*(When(condition, then=Value(name)) for condition, name in ACTION_FOR_MOVE), default=Value(""))
    )


class Migration(migrations.Migration):
    dependencies = [("publicity", "0003_view_total_bigint")]

    operations = [
        migrations.AddField(
            "posttransition", "action", models.CharField(blank=True, max_length=32, verbose_name="操作")
        ),
        migrations.AlterField(
            "posttransition", "from_status", models.CharField(blank=True, max_length=32, verbose_name="原状态")
        ),
        migrations.AlterField(
            "posttransition", "to_status", models.CharField(blank=True, max_length=32, verbose_name="新状态")
        ),
        migrations.AlterField("posttransition", "note", models.TextField(blank=True, verbose_name="说明")),
        migrations.RunPython(fill_actions, migrations.RunPython.noop),
    ]
