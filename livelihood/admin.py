"""Admin: calls are created through the service; deputies' proposals are read-only here.

Candidates, votes, ballots and tallies change only through the services.
"""

from django.contrib import admin

from core.admin import ScopedModelAdmin

from . import services
from .models import LivelihoodCall, LivelihoodProposal


@admin.register(LivelihoodCall)
class LivelihoodCallAdmin(ScopedModelAdmin):
    list_display = ("title", "congress", "year", "status")
    list_filter = ("status", "year")
    # The status moves only through the workflow (opening the vote closes the call).
    readonly_fields = ("status",)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        data = form.cleaned_data
        created = services.livelihood_call_create(
            actor=request.user,
            congress=data["congress"],
            year=data["year"],
            title=data["title"],
            description=data.get("description", ""),
            closes_on=data.get("closes_on"),
        )
        obj.pk = created.pk


@admin.register(LivelihoodProposal)
class LivelihoodProposalAdmin(ScopedModelAdmin):
    list_display = ("title", "call", "deputy", "candidate")
    list_filter = ("call",)
    search_fields = ("title",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
