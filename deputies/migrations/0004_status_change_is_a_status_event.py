"""A mandate's status change becomes a core StatusEvent, written by the one workflow engine.

``reason`` becomes the event's ``note``; ``occurred_at`` takes the row's
creation time; ``action`` is derived from the status the mandate moved to.
"""

import django.utils.timezone
from django.db import migrations, models
from django.db.models import Case, F, Value, When

ACTION_FOR_STATUS = {"resigned": "resign", "terminated": "terminate", "deceased": "decease"}


def fill_events(apps, schema_editor):
    change = apps.get_model("deputies", "DeputyStatusChange")
    change.objects.update(
        occurred_at=F("created_at"),
        action=Case(
            *(When(to_status=status, then=Value(name)) for status, name in ACTION_FOR_STATUS.items()),
            default=Value(""),
        ),
    )


class Migration(migrations.Migration):
    dependencies = [("deputies", "0003_indexes_without_pattern_ops")]

    operations = [
        migrations.RenameField("deputystatuschange", "reason", "note"),
        migrations.AlterField(
            "deputystatuschange", "note", models.TextField(blank=True, verbose_name="说明")
        ),
        migrations.AlterField(
            "deputystatuschange",
            "from_status",
            models.CharField(blank=True, max_length=32, verbose_name="原状态"),
        ),
        migrations.AlterField(
            "deputystatuschange",
            "to_status",
            models.CharField(blank=True, max_length=32, verbose_name="新状态"),
        ),
        migrations.AddField(
            "deputystatuschange",
            "action",
            models.CharField(blank=True, max_length=32, verbose_name="操作"),
        ),
        migrations.AddField(
            "deputystatuschange",
            "occurred_at",
            models.DateTimeField(auto_now_add=True, default=django.utils.timezone.now, verbose_name="时间"),
            preserve_default=False,
        ),
        migrations.RunPython(fill_events, migrations.RunPython.noop),
    ]
