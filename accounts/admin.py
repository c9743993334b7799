from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from core.exceptions import ApplicationError

from . import rights
from .choices import ACCOUNT_ROLES, Role
from .models import User
from .services import user_account_create, user_account_update, user_otp_reset, user_password_reset

ACCOUNT_ROLE_CHOICES = [(value, label) for value, label in Role.choices if value in ACCOUNT_ROLES]
ADD_FIELDS = ("username", "full_name", "email", "phone", "role", "region")
SHOWN_READ_ONLY = ("username", "must_change_password", "last_login", "date_joined", "password_changed_at")


class UserAddForm(forms.ModelForm):
    """A new ordinary account; its one-time temporary password is shown once after saving."""

    class Meta:
        model = User
        fields = ADD_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = ACCOUNT_ROLE_CHOICES


class UserChangeForm(forms.ModelForm):
    class Meta:
        model = User
        fields = (*rights.DETAIL_FIELDS, *rights.ROLE_FIELDS)


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    """Three-admin separation (accounts.rights): the system admin keeps accounts, the security admin roles.

    Administrator accounts are read-only here for everyone; they are created and
    changed by ``manage.py admin_account`` on the server. Saves go through the
    account services, which audit each change themselves.
    """

    audit_saves_in_services = True
    form = UserChangeForm
    add_form = UserAddForm
    list_display = ("username", "full_name", "role", "region", "is_active", "last_login")
    list_filter = ("role", "is_active")
    search_fields = ("username", "full_name", "email")
    ordering = ("username",)
    raw_id_fields = ("region",)
    fieldsets = (
        (None, {"fields": ("username",)}),
        (_("账号"), {"fields": ("full_name", "email", "phone", "is_active", "must_change_password")}),
        (_("角色与辖区"), {"fields": ("role", "region", "otp_required")}),
        (_("通知"), {"fields": ("notification_delivery",)}),
        (_("时间"), {"fields": ("last_login", "date_joined", "password_changed_at")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ADD_FIELDS}),)

    # Rights
    # --------------------------------------------------------------------------

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(is_superuser=False)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and rights.can(request.user, rights.CREATE)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or any(
            rights.can(request.user, action, obj) for action in (rights.CHANGE_DETAILS, rights.CHANGE_ROLE)
        )

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or not (obj.is_admin_account or obj.pk == request.user.pk))

    # Forms
    # --------------------------------------------------------------------------

    def get_fieldsets(self, request, obj=None):
        return self.add_fieldsets if obj is None else self.fieldsets

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = self.add_form
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        editable: set[str] = set()
        if rights.can(request.user, rights.CHANGE_DETAILS, obj):
            editable.update(rights.DETAIL_FIELDS)
        if rights.can(request.user, rights.CHANGE_ROLE, obj):
            editable.update(rights.ROLE_FIELDS)
        return SHOWN_READ_ONLY + tuple(f for f in (*rights.DETAIL_FIELDS, *rights.ROLE_FIELDS) if f not in editable)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role":
            kwargs["choices"] = ACCOUNT_ROLE_CHOICES
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def _tools(self, request, obj) -> list[tuple[str, str]]:
        """Links to the resets the requester may make on this account (shown above the form)."""
        links = []
        if rights.can(request.user, rights.RESET_PASSWORD, obj):
            links.append((reverse("admin:accounts_user_password_reset", args=[obj.pk]), _("重置密码")))
        if rights.can(request.user, rights.RESET_OTP, obj):
            links.append((reverse("admin:accounts_user_otp_reset", args=[obj.pk]), _("重置动态口令并签发绑定码")))
        return links

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        tools = self._tools(request, obj) if obj is not None else []
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), "account_tools": tools})

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # A rule the account services refuse comes back to the form as a message, not a 500.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ApplicationError as error:
            self.message_user(request, error.message, level=messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    # Saves go through the services
    # --------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if change:
            changes = {name: form.cleaned_data[name] for name in form.changed_data}
            user_account_update(actor=request.user, user=obj, changes=changes, request=request)
            return
        data = {name: form.cleaned_data.get(name) for name in ADD_FIELDS}
        user, password = user_account_create(actor=request.user, request=request, **data)
        obj.pk = user.pk
        obj._state.adding = False
        request.account_secret = password

    def response_add(self, request, obj, post_url_continue=None):
        return self._secret_response(request, obj, _("临时密码"), request.account_secret)

    # Password reset and second-factor reset
    # --------------------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/password/", view(self.password_reset_view), name="accounts_user_password_reset"),
            path("<path:object_id>/otp-reset/", view(self.otp_reset_view), name="accounts_user_otp_reset"),
            *super().get_urls(),
        ]

    def _target(self, request, object_id, action):
        user = self.get_object(request, unquote(object_id))
        if user is None:
            raise Http404
        if not rights.can(request.user, action, user):
            raise PermissionDenied
        return user

    def password_reset_view(self, request, object_id):
        user = self._target(request, object_id, rights.RESET_PASSWORD)
        if request.method != "POST":
            return self._confirm_response(
                request,
                user,
                _("重置密码"),
                _(
                    "将为该账号生成一次性临时密码（只显示一次），账号下次登录须修改密码；账号本人会收到通知，此操作记入审计日志。"
                ),
            )
        password = user_password_reset(actor=request.user, user=user, request=request)
        return self._secret_response(request, user, _("临时密码"), password)

    def otp_reset_view(self, request, object_id):
        user = self._target(request, object_id, rights.RESET_OTP)
        if request.method != "POST":
            return self._confirm_response(
                request,
                user,
                _("重置动态口令并签发绑定码"),
                _(
                    "将解除该账号已绑定的身份验证器并生成一次性绑定码（只显示一次），账号本人凭绑定码重新绑定；此操作记入审计日志。"
                ),
            )
        code = user_otp_reset(actor=request.user, user=user, request=request)
        return self._secret_response(request, user, _("动态口令绑定码"), code)

    def _confirm_response(self, request, user, title, explanation):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": user,
            "title": title,
            "explanation": explanation,
        }
        return TemplateResponse(request, "admin/accounts/user/confirm_reset.html", context)

    def _secret_response(self, request, user, label, secret):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": user,
            "title": label,
            "label": label,
            "secret": secret,
        }
        # Shown once: admin_view marks the response never_cache (no-store), so no browser or proxy keeps it.
        return TemplateResponse(request, "admin/accounts/user/one_time_secret.html", context)
