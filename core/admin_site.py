"""The portal's admin site: closed by the account gate, and every change it makes written to the audit log.

Installed in place of ``django.contrib.admin`` (``core.admin_site.PortalAdminConfig``
in INSTALLED_APPS) so that every ModelAdmin registered anywhere, third-party
ones (django-axes lockouts, django-otp devices) included, is audited without
each remembering to be. Nothing here imports models at module level: the module
is loaded with the app registry.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


def _changed(message) -> dict:
    """Field labels and related objects named in an admin change message; never their values."""
    fields: list[str] = []
    related: list[str] = []
    for entry in message if isinstance(message, list) else []:
        for kind, body in entry.items():
            if "fields" in body:
                fields.extend(str(f) for f in body["fields"])
            if "name" in body:
                related.append(f"{kind}:{body['name']}")
    detail: dict = {"via": "admin", "fields": sorted(set(fields))}
    if related:
        detail["related"] = related
    return detail


def admin_audit(request, obj, action, detail: dict) -> None:
    from .audit import audit_record

    audit_record(actor=request.user, action=action, request=request, target=obj, detail=detail)


class AuditedAdminMixin:
    """Every add, change and delete through the admin becomes an audit event with actor, fields and address.

    An admin whose saves go through services that audit them (``audit_saves_in_services``)
    is not audited twice for them; its deletes still are.
    """

    audit_saves_in_services = False

    def log_addition(self, request, obj, message):
        from .choices import AuditAction

        entry = super().log_addition(request, obj, message)
        if not self.audit_saves_in_services:
            admin_audit(request, obj, AuditAction.CREATE, _changed(message))
        return entry

    def log_change(self, request, obj, message):
        from .choices import AuditAction

        entry = super().log_change(request, obj, message)
        if not self.audit_saves_in_services:
            admin_audit(request, obj, AuditAction.UPDATE, _changed(message))
        return entry

    def log_deletions(self, request, queryset):
        from .choices import AuditAction

        # Called before the rows go: the events still name them.
        for obj in queryset:
            admin_audit(request, obj, AuditAction.DELETE, {"via": "admin"})
        return super().log_deletions(request, queryset)


class PortalAdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        base = admin_class or admin.ModelAdmin
        if not issubclass(base, AuditedAdminMixin):
            base = type(base.__name__, (AuditedAdminMixin, base), {"__module__": base.__module__})
        return super().register(model_or_iterable, base, **options)

    def has_permission(self, request):
        from accounts.gate import account_gate

        return super().has_permission(request) and account_gate(request.user, admin_site=True) is None


class PortalAdminConfig(AdminConfig):
    default_site = "core.admin_site.PortalAdminSite"
