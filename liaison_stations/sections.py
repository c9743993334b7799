"""Blocks this app adds to the home page and to a deputy's performance record."""

from django.db.models import Count, Sum

from accounts import roles
from core.sections import register_section

from . import selectors
from .models import Reception


@register_section("home", template="liaison_stations/sections/home.html", order=20)
def home_section(*, user, **kwargs):
    if roles.is_office_staff(user):
        return {"mode": "staff", "counts": selectors.opinion_counts(user=user)}
    if roles.is_deputy(user):
        items = selectors.opinion_assigned_to(user=user).open().order_by("step_due_date")
        return {"mode": "deputy", "items": items[:10], "total": items.count()}
    return None


@register_section("deputy_record", template="liaison_stations/sections/deputy_record.html", order=50)
def deputy_record_section(*, user, deputy=None, **kwargs):
    """Receptions the deputy attended and the items handed to them (as far as the viewer may see)."""
    if deputy is None:
        return None
    receptions = selectors.reception_list(user=user).filter(deputies=deputy)
    totals = Reception.objects.filter(pk__in=receptions.values("pk")).aggregate(
        count=Count("pk"), visitors=Sum("visitor_count")
    )
    items = selectors.opinion_list(user=user).filter(assigned_deputy=deputy)
    return {
        "deputy": deputy,
        "receptions": receptions[:10],
        "reception_count": totals["count"],
        "visitor_total": totals["visitors"] or 0,
        "items": items[:10],
        "item_count": items.count(),
    }
