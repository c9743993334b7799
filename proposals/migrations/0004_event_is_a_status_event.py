"""A proposal's history row becomes a core StatusEvent, written by the one workflow engine.

``created_at`` becomes ``occurred_at``; ``action`` and the statuses lose their
choices (the workflow's steps label them) and widen to the engine's 32
characters; a co-signer's answer and an extension decision point at their row.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0003_statistics_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField("proposalevent", "created_at", "occurred_at"),
        migrations.AlterModelOptions(
            name="proposalevent",
            options={"ordering": ["occurred_at", "pk"], "verbose_name": "办理记录", "verbose_name_plural": "办理记录"},
        ),
        migrations.AlterField(
            "proposalevent",
            "action",
            models.CharField(blank=True, max_length=32, verbose_name="操作"),
        ),
        migrations.AlterField(
            "proposalevent",
            "from_status",
            models.CharField(blank=True, max_length=32, verbose_name="原状态"),
        ),
        migrations.AlterField(
            "proposalevent",
            "to_status",
            models.CharField(blank=True, max_length=32, verbose_name="新状态"),
        ),
        migrations.AlterField(
            "proposalevent",
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
        migrations.AddField(
            "proposalevent",
            "cosignature",
            models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="events",
                to="proposals.cosignature",
            ),
        ),
        migrations.AddField(
            "proposalevent",
            "extension",
            models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="events",
                to="proposals.extensionrequest",
            ),
        ),
    ]
