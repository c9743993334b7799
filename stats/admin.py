from django.contrib import admin

from core.admin import ScopedModelAdmin

from .models import RegionStat, StatRun


@admin.register(RegionStat)
class RegionStatAdmin(ScopedModelAdmin):
    list_display = ("metric", "region", "period_start", "subgroup", "value")
    list_filter = ("metric",)
    list_select_related = ("region",)
    search_fields = ("metric", "region__name", "region__code")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(StatRun)
class StatRunAdmin(admin.ModelAdmin):
    list_display = ("started_at", "kind", "status", "finished_at", "rows_written")
    readonly_fields = [f.name for f in StatRun._meta.fields]

    def has_add_permission(self, request):
        return False
