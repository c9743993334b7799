"""The portal's URL patterns as the security walks see them."""

import re
from dataclasses import dataclass
from types import SimpleNamespace

from django.urls import URLPattern, URLResolver, get_resolver

from core.views import TransitionView


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


PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


@dataclass(frozen=True)
class StepPage:
    """One step of a ``core.views.TransitionView``: its view, slug, table entry and URL template."""

    view_class: type
    slug: str
    page: object  # core.views.ActionPage
    route: str  # with the step filled in; its one parameter is the record's primary key

    def url(self, pk) -> str:
        return "/" + PARAM.sub(str(pk), self.route)

    def target_queryset(self, user):
        """The records the step page may address for ``user`` (the view's own ``get_target_queryset``)."""
        view = self.view_class()
        view.request = SimpleNamespace(user=user)
        view.kwargs = {"step": self.slug}
        view.args = ()
        return view.get_target_queryset()

    def unseen(self, user):
        """Records ``user`` cannot see: by the model's own ``visible_to`` where it has one, not by the view's
        queryset (which is what is under test), else by that queryset (a model scoped only through the view).
        """
        rows = self.view_class.model._default_manager.all()
        seen = rows.visible_to(user) if hasattr(rows, "visible_to") else self.target_queryset(user)
        return rows.exclude(pk__in=seen.values("pk"))


def step_pages() -> list[StepPage]:
    """Every step page of every ``TransitionView`` in the URL patterns, each (view, slug) once.

    A view's ``form_class`` is None: its forms are in its ``actions`` table, read here. A step
    reached both by a route of its own (``<pk>/assign/``) and by ``<pk>/<slug:step>/`` is walked once.
    """
    found: dict[tuple, StepPage] = {}
    for route, pattern in walk(get_resolver().url_patterns):
        cls = getattr(pattern.callback, "view_class", None)
        if cls is None or not issubclass(cls, TransitionView) or route.startswith(("admin/", "api/")):
            continue
        fixed = pattern.default_args.get("step")
        params = [name for _kind, name in PARAM.findall(route)]
        for slug in [fixed] if fixed else list(cls.actions):
            if slug not in cls.actions:
                continue
            filled = route.replace("<slug:step>", slug).replace("<str:step>", slug) if "step" in params else route
            found.setdefault((cls, slug), StepPage(cls, slug, cls.actions[slug], filled))
    return list(found.values())
