"""Dashboard periods turned into month ranges."""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import Period
from .selectors import PeriodRange


def _month(value: str | None) -> date | None:
    try:
        return date.fromisoformat(f"{value}-01") if value and len(value) == 7 else date.fromisoformat(value or "")
    except ValueError:
        return None


def period_from_query(query) -> tuple[PeriodRange, str]:
    """(range, label) from ?period=year&year=2026 / quarter&q=2 / month&month=2026-03 / custom&start&end / term."""
    today = timezone.localdate()
    kind = query.get("period") or Period.YEAR
    try:
        year = int(query.get("year") or today.year)
    except ValueError:
        year = today.year
    if not 1949 <= year <= 2100:
        year = today.year
    if kind == Period.QUARTER:
        try:
            quarter = min(4, max(1, int(query.get("quarter") or (today.month - 1) // 3 + 1)))
        except ValueError:
            quarter = 1
        start = date(year, 3 * quarter - 2, 1)
        return PeriodRange(start, date(year, 3 * quarter, 1)), _("%(year)s年第%(q)s季度") % {"year": year, "q": quarter}
    if kind == Period.MONTH:
        month = _month(query.get("month")) or today.replace(day=1)
        month = month.replace(day=1)
        return PeriodRange(month, month), _("%(year)s年%(month)s月") % {"year": month.year, "month": month.month}
    if kind == Period.CUSTOM:
        start = (_month(query.get("start")) or date(year, 1, 1)).replace(day=1)
        end = (_month(query.get("end")) or today).replace(day=1)
        if end < start:
            start, end = end, start
        label = _("%(start)s 至 %(end)s") % {"start": f"{start:%Y-%m}", "end": f"{end:%Y-%m}"}
        return PeriodRange(start, end), label
    if kind == Period.TERM:
        # A five-year term of the current congresses (2023-2027 for Zhejiang's 14th).
        start_year = today.year - (today.year - 2023) % 5
        return PeriodRange(date(start_year, 1, 1), date(start_year + 4, 12, 1)), _("本届（%(a)s—%(b)s年）") % {
            "a": start_year,
            "b": start_year + 4,
        }
    return PeriodRange(date(year, 1, 1), date(year, 12, 1)), _("%(year)s年") % {"year": year}
