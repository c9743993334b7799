"""The portal's URL patterns as the security walks see them."""

from django.urls import URLPattern, URLResolver


def walk(patterns, prefix=""):
    """(route, pattern) for every URL pattern below ``patterns``."""
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def view_model(pattern: URLPattern):
    """The model a pattern's class-based view or viewset works on, or None."""
    cls = getattr(pattern.callback, "view_class", None) or getattr(pattern.callback, "cls", None)
    if cls is None:
        return None
    model = getattr(cls, "model", None)
    queryset = getattr(cls, "queryset", None)
    if model is None and queryset is not None:
        model = queryset.model
    return model
