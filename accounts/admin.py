from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .choices import Role
from .models import User

ACCOUNT_FIELDS = ("username", "full_name", "email", "phone", "is_active", "must_change_password")
ROLE_FIELDS = ("role", "region", "is_staff", "otp_required")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Three-admin separation: the system admin edits accounts, the security admin roles."""

    list_display = ("username", "full_name", "role", "region", "is_active", "last_login")
    list_filter = ("role", "is_active")
    search_fields = ("username", "full_name", "email")
    autocomplete_fields = ()
    raw_id_fields = ("region",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("账号"), {"fields": ("full_name", "email", "phone", "is_active", "must_change_password")}),
        (_("角色与辖区"), {"fields": ("role", "region", "is_staff", "otp_required")}),
        (_("通知"), {"fields": ("notification_delivery",)}),
        (_("时间"), {"fields": ("last_login", "date_joined", "password_changed_at")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "usable_password", "password1", "password2")}),
        (_("账号"), {"fields": ("full_name", "email", "phone")}),
    )

    def get_readonly_fields(self, request, obj=None):
        readonly = {"last_login", "date_joined", "password_changed_at"}
        user = request.user
        if user.is_superuser:
            return tuple(readonly)
        if user.role == Role.SYSTEM_ADMIN:
            readonly.update(ROLE_FIELDS)
        elif user.role == Role.SECURITY_ADMIN:
            readonly.update(ACCOUNT_FIELDS)
        return tuple(readonly)

    def get_queryset(self, request):
        # Administrators cannot edit superusers or each other's roles into superusers.
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(is_superuser=False)
