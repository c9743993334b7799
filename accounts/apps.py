from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("账号与权限")

    def ready(self) -> None:
        # Connected once the app registry is ready (the signals module imports models).
        from . import signals  # noqa: F401
