"""Blocks this app adds to the home page and to a deputy's performance record."""

from django.utils import timezone

from accounts import roles
from core.sections import register_section

from . import selectors


@register_section("home", template="publicity/sections/home.html", order=50)
def home_section(*, user, **kwargs):
    if not roles.is_office_staff(user):
        return None
    gaps = selectors.plan_gaps(user=user, days=14)
    return {
        "totals": selectors.post_totals(user=user, year=timezone.localdate().year),
        "gaps": gaps,
        "year": timezone.localdate().year,
    }


@register_section("deputy_record", template="publicity/sections/deputy_record.html", order=50)
def deputy_record_section(*, deputy=None, user=None, **kwargs):
    """Posts featuring the deputy: published ones for everyone who sees the record."""
    if deputy is None:
        return None
    posts = list(selectors.post_list_public().filter(featured_deputies=deputy)[:20])
    return {"deputy": deputy, "posts": posts}
