"""Post bodies are HTML written by staff and shown to the public: only a safe subset survives.

nh3 (Ammonia) parses the HTML like a browser does, so entity tricks
(``jav&#x61;script:``) and malformed markup are normalised before the
allow-lists apply. The service stores the cleaned body; the template filter
cleans it again on output, so nothing unsanitised is ever marked safe.
"""

from html import unescape

import nh3
from django.conf import settings

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup", "blockquote",
        "h2", "h3", "h4", "ul", "ol", "li", "a", "img", "figure", "figcaption", "hr",
        "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Removed together with everything inside them, not just unwrapped.
CLEAN_CONTENT_TAGS = frozenset({"script", "style"})
MAX_DIMENSION = 4000


def media_url() -> str:
    return settings.MEDIA_URL if settings.MEDIA_URL.endswith("/") else f"{settings.MEDIA_URL}/"


def is_site_image_url(value: str) -> bool:
    """Images may only come from this site's uploads (no tracking pixels, no data: URLs)."""
    prefix = media_url() + "publicity/"
    return value.startswith(prefix) and not value.startswith("//") and ".." not in value and "\\" not in value


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        return value if is_site_image_url(value) else None
    if attribute in {"width", "height", "colspan", "rowspan"}:
        return value if value.isdigit() and 0 < int(value) <= MAX_DIMENSION else None
    return value


def sanitize_html(html: str | None) -> str:
    """The safe subset of ``html``: allowed tags and attributes, http(s)/mailto links, site images."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(CLEAN_CONTENT_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_attribute_filter,
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def plain_text(html: str | None, limit: int = 120) -> str:
    """Text of a body for summaries and exports."""
    text = unescape(nh3.clean(html or "", tags=set(), clean_content_tags=set(CLEAN_CONTENT_TAGS)))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
