"""The main menu: one entry per area, shown to the roles that work in it."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from accounts.choices import STAFF_ROLES, Role

_STAFF = tuple(STAFF_ROLES)


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    roles: tuple[str, ...]


NAV_ENTRIES = [
    NavEntry(_("代表"), "deputies:deputy_list", _STAFF),
    NavEntry(_("我的履职档案"), "deputies:my_record", (Role.DEPUTY,)),
    NavEntry(_("联络站"), "liaison_stations:station_list", _STAFF),
    NavEntry(_("主题活动"), "campaigns:campaign_list", (*_STAFF, Role.DEPUTY)),
    NavEntry(_("议案建议"), "proposals:home", (*_STAFF, Role.DEPUTY)),
    NavEntry(_("代表风采"), "publicity:post_list", _STAFF),
    NavEntry(_("人事任免"), "personnel:home", _STAFF),
    NavEntry(_("统计"), "stats:dashboard", _STAFF),
    NavEntry(_("API 文档"), "api_docs", (*_STAFF, Role.SYSTEM_ADMIN)),
]


def nav_items_for(user, path: str) -> list[dict]:
    items = []
    for entry in NAV_ENTRIES:
        if not (user.is_superuser or user.role in entry.roles):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue  # the area has not been built yet
        items.append({"label": entry.label, "url": url, "active": path.startswith(url)})
    return items
