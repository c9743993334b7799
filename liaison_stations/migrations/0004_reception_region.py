import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_station_region(apps, schema_editor):
    Reception = apps.get_model("liaison_stations", "Reception")
    Station = apps.get_model("liaison_stations", "Station")
    Reception.objects.update(region_id=Subquery(Station.objects.filter(pk=OuterRef("station_id")).values("region_id")))


class Migration(migrations.Migration):
    dependencies = [
        ("liaison_stations", "0003_open_items_index"),
        ("regions", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="reception",
            name="region",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="regions.region",
                verbose_name="行政区划",
            ),
        ),
        migrations.RunPython(copy_station_region, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="reception",
            name="region",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="regions.region",
                verbose_name="行政区划",
            ),
        ),
        migrations.AlterField(
            model_name="reception",
            name="station",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="receptions",
                to="liaison_stations.station",
                verbose_name="联络站",
            ),
        ),
        migrations.AddIndex(
            model_name="reception",
            index=models.Index(fields=["region", "date"], name="reception_region_date_idx"),
        ),
        migrations.AddIndex(
            model_name="reception",
            index=models.Index(fields=["station", "date"], name="reception_station_date_idx"),
        ),
        migrations.AlterField(
            model_name="reception",
            name="date",
            field=models.DateField(verbose_name="接待日期"),
        ),
        migrations.AddIndex(
            model_name="reception",
            index=models.Index(fields=["date", "id"], include=["region"], name="reception_date_page_idx"),
        ),
    ]
