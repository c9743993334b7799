"""Blocks this app adds to the home page and to a deputy's performance record."""

from core.sections import register_section

from . import selectors
from .choices import ListKind


@register_section("home", template="campaigns/includes/home_section.html", order=30)
def home_section(*, user, **kwargs):
    if not (user.is_superuser or user.is_staff_role or user.is_deputy):
        return None
    rows = selectors.campaign_home_summary(user=user)
    if not rows:
        return None
    return {"rows": rows, "kinds": ListKind.choices, "user": user}


@register_section("deputy_record", template="campaigns/includes/deputy_record_section.html", order=30)
def deputy_record_section(*, deputy=None, user=None, **kwargs):
    """Campaign activities the deputy took part in and problems they found."""
    if deputy is None or user is None:
        return None
    summary = selectors.deputy_campaign_summary(deputy=deputy, user=user)
    if not (summary["activity_count"] or summary["problem_count"]):
        return None
    return summary
