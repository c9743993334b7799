from django.conf import settings
from django.db import migrations


def load(apps, schema_editor):
    from regions.loader import load_province

    region = apps.get_model("regions", "Region")
    for province in settings.REGION_PROVINCES:
        load_province(region, settings.REGION_DATA_DIR, province)


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
