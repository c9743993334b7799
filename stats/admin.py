from django.contrib import admin

from .models import StatRun

# The figures themselves (RegionStat) are read on the dashboards and their
# Excel exports; Django's admin cannot list a model keyed by several columns.


@admin.register(StatRun)
class StatRunAdmin(admin.ModelAdmin):
    list_display = ("started_at", "kind", "status", "finished_at", "rows_written")
    readonly_fields = [f.name for f in StatRun._meta.fields]

    def has_add_permission(self, request):
        return False
