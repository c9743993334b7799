# The summary table is recreated with the cell as its primary key (Django
# cannot alter a primary key into a composite one). Its rows are derived
# data. The run history is cleared so that the next scheduled refresh
# (Celery beat, every 15 minutes) is a full rebuild that writes them again.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("regions", "0002_load_default_provinces"),
        ("stats", "0002_dirty_months"),
    ]

    operations = [
        migrations.DeleteModel(name="RegionStat"),
        migrations.RunSQL("DELETE FROM stats_statrun", migrations.RunSQL.noop),
        migrations.CreateModel(
            name="RegionStat",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "region",
                        "metric",
                        "period_start",
                        "subgroup",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        to="regions.region",
                        verbose_name="行政区划",
                    ),
                ),
                ("metric", models.CharField(max_length=64, verbose_name="指标")),
                ("period_start", models.DateField(verbose_name="月份")),
                ("subgroup", models.CharField(blank=True, default="", max_length=64, verbose_name="分组")),
                ("value", models.BigIntegerField(default=0, verbose_name="数值")),
            ],
            options={"verbose_name": "统计数据", "verbose_name_plural": "统计数据"},
        ),
    ]
