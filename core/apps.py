from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("公共服务")

    def ready(self) -> None:
        # Models and their modules can be imported only once the app registry is ready.
        from django.apps import apps
        from django.db.models.signals import post_delete, post_save

        from .audit import record_deleted, record_saved
        from .models import RegionScopedModel

        for model in apps.get_models():
            if issubclass(model, RegionScopedModel):
                post_save.connect(record_saved, sender=model, dispatch_uid=f"audit-save:{model._meta.label}")
                post_delete.connect(record_deleted, sender=model, dispatch_uid=f"audit-delete:{model._meta.label}")
        # Each app declares its state machines and rights in <app>/workflow.py.
        autodiscover_modules("workflow")
