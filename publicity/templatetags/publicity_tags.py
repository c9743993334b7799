from django import template
from django.utils.safestring import mark_safe

from publicity.sanitize import plain_text, sanitize_html

register = template.Library()


@register.filter
def clean_html(value: str | None):
    """Render a post body: sanitised again on output, so only nh3's output is ever marked safe."""
    return mark_safe(sanitize_html(value))  # noqa: S308 - the argument is nh3 output


@register.filter
def excerpt(value: str | None, limit: int = 120) -> str:
    return plain_text(value, int(limit))


@register.simple_tag
def status_badge_class(status: str) -> str:
    return {
        "draft": "text-bg-secondary",
        "in_review": "text-bg-warning",
        "returned": "text-bg-danger",
        "approved": "text-bg-info",
        "scheduled": "text-bg-primary",
        "published": "text-bg-success",
    }.get(status, "text-bg-light")
