"""Admin: posts are read-only here (the workflow lives in the portal); brands and key dates go through services."""

from django.contrib import admin

from core.admin import ScopedInline, ScopedModelAdmin

from . import services
from .models import Brand, BrandInstruction, BrandPublication, KeyDate, Post, PostTransition, PostView


class PostTransitionInline(admin.TabularInline):
    model = PostTransition
    extra = 0
    can_delete = False
    readonly_fields = ("from_status", "to_status", "actor", "note", "occurred_at")

    def has_add_permission(self, request, obj=None):
        return False


class PostViewInline(ScopedInline):
    model = PostView
    can_delete = False
    readonly_fields = ("date", "views")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Post)
class PostAdmin(ScopedModelAdmin):
    list_display = ("title", "theme", "region", "status", "planned_date", "published_at", "view_total")
    list_filter = ("status", "theme", "channel")
    search_fields = ("title", "summary")
    date_hierarchy = "planned_date"
    list_select_related = ("region",)
    inlines = [PostTransitionInline, PostViewInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Post._meta.fields] + ["featured_deputies"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _adopt(obj, saved) -> None:
    """Make the admin's object the one the service saved (the admin redirects with its pk)."""
    obj.__dict__.update(saved.__dict__)


@admin.register(KeyDate)
class KeyDateAdmin(ScopedModelAdmin):
    list_display = ("date", "title", "kind", "series_title", "region")
    list_filter = ("kind", "theme")
    search_fields = ("title", "series_title")
    date_hierarchy = "date"
    list_select_related = ("region",)
    fields = ("date", "title", "kind", "region", "series_title", "theme", "note")

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in self.fields}
        if change:
            obj.refresh_from_db()
            services.key_date_update(actor=request.user, key_date=obj, **data)
        else:
            _adopt(obj, services.key_date_create(actor=request.user, **data))


class BrandPublicationInline(ScopedInline):
    model = BrandPublication
    readonly_fields = ("kind", "outlet", "outlet_level", "issue", "date", "url")

    def has_add_permission(self, request, obj=None):
        return False


class BrandInstructionInline(ScopedInline):
    model = BrandInstruction
    readonly_fields = ("leader_name", "leader_title", "date", "content")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Brand)
class BrandAdmin(ScopedModelAdmin):
    list_display = ("name", "kind", "region", "year")
    list_filter = ("kind", "year")
    search_fields = ("name", "description")
    list_select_related = ("region",)
    fields = ("name", "kind", "region", "year", "description")
    inlines = [BrandPublicationInline, BrandInstructionInline]

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in self.fields}
        if change:
            obj.refresh_from_db()
            services.brand_update(actor=request.user, brand=obj, **data)
        else:
            _adopt(obj, services.brand_create(actor=request.user, **data))
