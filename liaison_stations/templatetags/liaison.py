"""Rights in list rows: ``{% may obj "action" as flag %}`` asks core.rights, never the status."""

from django import template

from core.rights import can

register = template.Library()


@register.simple_tag(takes_context=True)
def may(context, obj, name: str) -> bool:
    """Whether the requesting user may take action ``name`` on ``obj`` now."""
    request = context.get("request")
    return request is not None and can(request.user, name, obj)
