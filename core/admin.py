from django.contrib import admin, messages
from django.http import HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .audit import audit_record
from .choices import AuditAction
from .exceptions import ApplicationError
from .exports import xlsx_bytes
from .models import AuditEvent, Job, Notification
from .scoping import regions_visible_to


class ScopedModelAdmin(admin.ModelAdmin):
    """Admin for a region-scoped model: rows and region choices limited to the user's jurisdiction."""

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # save_model goes through the app's services; a domain rule they refuse
        # rolls the save back and comes back to the form as a message, not a 500.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ApplicationError as error:
            self.message_user(request, error.message, level=messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        if related._meta.label == "regions.Region":
            kwargs["queryset"] = regions_visible_to(request.user)
        elif hasattr(related.objects, "visible_to"):
            kwargs["queryset"] = related.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        related = db_field.related_model
        if related._meta.label == "regions.Region":
            kwargs["queryset"] = regions_visible_to(request.user)
        elif hasattr(related.objects, "visible_to"):
            kwargs["queryset"] = related.objects.visible_to(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ScopedInline(admin.TabularInline):
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        if related._meta.label == "regions.Region":
            kwargs["queryset"] = regions_visible_to(request.user)
        elif hasattr(related.objects, "visible_to"):
            kwargs["queryset"] = related.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReadOnlyInline(ScopedInline):
    """History and records kept by services: shown in the admin, changed only through the portal's services."""

    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        # Every field shown is read-only, those Django never edits (auto timestamps) included:
        # a form field for one of those would fail the whole change page.
        return self.fields or [field.name for field in self.model._meta.fields]


@admin.action(description=_("导出所选审计日志（Excel）"))
def export_audit_events(modeladmin, request, queryset):
    columns = [_("发生时间"), _("账号"), _("操作"), _("对象类型"), _("对象"), _("IP 地址"), _("访问路径")]
    rows = [
        [
            timezone.localtime(e.occurred_at).strftime("%Y-%m-%d %H:%M:%S"),
            e.actor_username,
            e.get_action_display(),
            e.target_type,
            e.target_repr,
            e.ip_address or "",
            e.path,
        ]
        for e in queryset.order_by("occurred_at")
    ]
    audit_record(actor=request.user, action=AuditAction.EXPORT, request=request, detail={"audit_events": len(rows)})
    response = HttpResponse(
        xlsx_bytes({str(_("审计日志")): ([str(c) for c in columns], rows)}),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="audit-log.xlsx"'
    return response


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("occurred_at", "actor_username", "action", "target_type", "target_repr", "ip_address")
    list_filter = ("action", "occurred_at")
    search_fields = ("actor_username", "target_repr", "ip_address", "path")
    date_hierarchy = "occurred_at"
    actions = [export_audit_events]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "owner", "status", "progress", "created_at", "finished_at")
    list_filter = ("status", "kind")
    readonly_fields = [f.name for f in Job._meta.fields]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(owner=request.user)

    def has_add_permission(self, request):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("title", "recipient", "created_at", "read_at")

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(recipient=request.user)


admin.site.site_header = _("人大代表工作管理平台 管理后台")
admin.site.site_title = _("人大代表工作管理平台")
admin.site.index_title = _("数据管理")
