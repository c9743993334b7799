"""Page sections contributed by apps to pages that do not know about them.

The home page (slot ``home``) and a deputy's performance record (slot
``deputy_record``) are assembled from sections that each app registers in its
``<app>/sections.py``. A section is a function returning a context dict for
its template, or None to stay hidden.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils.module_loading import autodiscover_modules
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Section:
    slot: str
    template: str
    order: int
    build: Callable[..., dict[str, Any] | None]


_SECTIONS: list[Section] = []
_discovered = False


def register_section(slot: str, *, template: str, order: int = 100):
    def decorator(build):
        _SECTIONS.append(Section(slot=slot, template=template, order=order, build=build))
        return build

    return decorator


def sections_for(slot: str) -> list[Section]:
    global _discovered
    if not _discovered:
        autodiscover_modules("sections")
        _discovered = True
    return sorted((s for s in _SECTIONS if s.slot == slot), key=lambda s: s.order)


def render_sections(slot: str, **kwargs: Any) -> list[SafeString]:
    rendered = []
    for section in sections_for(slot):
        context = section.build(**kwargs)
        if context is not None:
            rendered.append(mark_safe(render_to_string(section.template, context)))  # noqa: S308
    return rendered
