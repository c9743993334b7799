"""The statistics' blocks on pages of other apps: the status page's rollup freshness."""

from core.sections import register_section

from .selectors import last_run


@register_section("status", template="stats/includes/status_rows.html")
def rollup_freshness(user) -> dict:
    return {"last_rollup": last_run()}
