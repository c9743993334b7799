"""One router for the whole API; each app adds its viewsets in ``<app>/api/urls.py``."""

from importlib import import_module

from django.apps import apps
from rest_framework.routers import DefaultRouter

router = DefaultRouter()

for app_config in apps.get_app_configs():
    if app_config.name.split(".")[0] not in {
        "accounts",
        "regions",
        "core",
        "deputies",
        "liaison_stations",
        "campaigns",
        "proposals",
        "livelihood",
        "publicity",
        "stats",
        "personnel",
    }:
        continue
    try:
        module = import_module(f"{app_config.name}.api.urls")
    except ModuleNotFoundError as exc:
        if exc.name != f"{app_config.name}.api.urls":
            raise
        continue
    module.register(router)

urlpatterns = router.urls
