from django.apps import AppConfig
from django.db.models.signals import post_delete, pre_save
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "stats"
    verbose_name = _("统计")

    def ready(self) -> None:
        # Cycle with app loading: the metrics and services import models, ready only once the registry is.
        from .metrics import all_metrics
        from .services import mark_month_dirty, mark_old_month_dirty

        # Incremental refreshes find new and changed records by their change
        # time; a deleted record leaves no trace, and a record moved to another
        # month shows only its new one, so those months are noted here.
        for metric in all_metrics().values():
            if metric.date_path:
                model = metric.queryset().model
                post_delete.connect(
                    mark_month_dirty(metric.date_path), sender=model, weak=False, dispatch_uid=f"stats:{metric.key}"
                )
                if "__" not in metric.date_path:
                    pre_save.connect(
                        mark_old_month_dirty(metric.date_path),
                        sender=model,
                        weak=False,
                        dispatch_uid=f"stats:moved:{metric.key}",
                    )
