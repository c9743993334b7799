from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0003_items_listed_on")]

    operations = [
        migrations.AlterField(
            "workitem",
            "listed_on",
            models.DateField(blank=True, help_text="默认为主题活动开始日期。", verbose_name="列入日期"),
        ),
        migrations.AlterField(
            "suggestionitem",
            "listed_on",
            models.DateField(blank=True, help_text="默认为来源问题中最晚的发现日期。", verbose_name="列入日期"),
        ),
    ]
