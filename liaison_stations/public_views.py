"""Public pages reached without an account: submit an opinion, track it, find a station.

Nothing here shows any record beyond the one station or the one item the
visitor holds a code for. Submissions are rate-limited per client address,
screened by a honeypot field and a signed minimum fill time, and stored only
when everything passes.
"""

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from core.audit import client_ip
from core.exceptions import ApplicationError
from regions.choices import RegionLevel
from regions.models import Region

from . import ratelimit, selectors, services
from .choices import OpinionStatus
from .forms import PublicOpinionForm, RateForm, SpamRejected, TrackForm, form_token, form_token_spend

SESSION_LAST_CODE = "liaison_stations_last_code"


def _limit(name: str) -> tuple[int, int]:
    """(events, seconds) for a public action; settings may override the defaults."""
    defaults = {"submit": (5, 600), "track": (30, 600)}
    return getattr(settings, "LIAISON_PUBLIC_RATE_LIMITS", {}).get(name, defaults[name])


def _rate_key(request, name: str) -> str:
    return f"{name}:{client_ip(request) or 'unknown'}"


class PublicSubmitView(View):
    template_name = "liaison_stations/public/submit.html"

    def _targets(self, request):
        station = selectors.station_get_public(public_code=request.GET.get("station", ""))
        deputy = selectors.deputy_get_public(public_code=request.GET.get("deputy", ""))
        return station, deputy

    def _render(self, request, form, station, deputy, status=200, error=""):
        return render(
            request,
            self.template_name,
            {"form": form, "station": station, "deputy": deputy, "error": error},
            status=status,
        )

    def get(self, request):
        station, deputy = self._targets(request)
        if station is None and deputy is None:
            return render(request, "liaison_stations/public/invalid_code.html", status=404)
        form = PublicOpinionForm(initial={"started": form_token()})
        return self._render(request, form, station, deputy)

    def post(self, request):
        station, deputy = self._targets(request)
        if station is None and deputy is None:
            return render(request, "liaison_stations/public/invalid_code.html", status=404)
        limit, window = _limit("submit")
        key = _rate_key(request, "submit")
        if ratelimit.exceeded(key, limit=limit, window=window):
            form = PublicOpinionForm(data=request.POST)
            message = _("提交过于频繁，请%(minutes)s分钟后再试。") % {"minutes": window // 60}
            return self._render(request, form, station, deputy, status=429, error=message)
        form = PublicOpinionForm(data=request.POST)
        try:
            form.check_spam()
        except SpamRejected:
            ratelimit.hit(key, limit=limit, window=window)
            fresh = PublicOpinionForm(initial={**request.POST.dict(), "website": "", "started": form_token()})
            message = _("提交未成功：请在页面上完整填写后再提交，不要使用自动填写工具。")
            return self._render(request, fresh, station, deputy, status=400, error=message)
        if not form.is_valid():
            form.data = form.data.copy()
            form.data["started"] = request.POST.get("started", "")
            return self._render(request, form, station, deputy, status=400)
        ratelimit.hit(key, limit=limit, window=window)
        if not form_token_spend(request.POST.get("started", "")):
            # The same form posted again (a double click, the back button, a replay): one item only.
            message = _("这份表单已经提交过，不能重复提交。如需再次反映，请重新打开页面填写。")
            return self._render(
                request, PublicOpinionForm(initial={"started": form_token()}), station, deputy, 400, message
            )
        data = form.cleaned_data
        try:
            item = services.opinion_submit_public(
                station=station,
                deputy=deputy,
                data=services.OpinionInput(
                    title=form.title(),
                    content=data["content"],
                    category=data["category"],
                    location=data["location"],
                    resident_name=data["resident_name"],
                    resident_phone=data["resident_phone"],
                ),
            )
        except ApplicationError as exc:
            # The token is spent; the resident corrects and sends the form again with a fresh one.
            form.data = form.data.copy()
            form.data["started"] = form_token()
            return self._render(request, form, station, deputy, status=400, error=exc.message)
        request.session[SESSION_LAST_CODE] = item.tracking_code
        return redirect("liaison_stations:public_done")


class PublicDoneView(View):
    def get(self, request):
        code = request.session.get(SESSION_LAST_CODE)
        if not code:
            return redirect("liaison_stations:public_track")
        return render(request, "liaison_stations/public/done.html", {"code": code})


class PublicTrackView(View):
    """Look up one item by its tracking code; rate it once it is closed."""

    template_name = "liaison_stations/public/track.html"

    def get(self, request):
        return render(request, self.template_name, {"form": TrackForm()})

    def post(self, request):
        limit, window = _limit("track")
        if not ratelimit.hit(_rate_key(request, "track"), limit=limit, window=window):
            context = {"form": TrackForm(), "error": _("查询过于频繁，请稍后再试。")}
            return render(request, self.template_name, context, status=429)
        if "rating" in request.POST:
            return self._rate(request)
        form = TrackForm(data=request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        return self._show(request, form, form.cleaned_data["code"])

    def _show(self, request, form, code, rate_form=None, message="", status=200):
        item = selectors.opinion_get_public(tracking_code=code)
        if item is None:
            form.add_error("code", _("查询码不存在，请核对后重新输入。"))
            return render(request, self.template_name, {"form": form}, status=404)
        can_rate = item.status == OpinionStatus.CLOSED and not item.rating
        context = {
            "form": form,
            "item": item,
            "show_reply": item.status in (OpinionStatus.REPLIED, OpinionStatus.CLOSED),
            "rate_form": rate_form or (RateForm(initial={"code": item.tracking_code}) if can_rate else None),
            "message": message,
        }
        return render(request, self.template_name, context, status=status)

    def _rate(self, request):
        rate_form = RateForm(data=request.POST)
        code = request.POST.get("code", "")
        form = TrackForm(initial={"code": code})
        if not rate_form.is_valid():
            return self._show(request, form, code, rate_form=rate_form, status=400)
        try:
            item = services.opinion_rate_public(
                tracking_code=rate_form.cleaned_data["code"],
                rating=rate_form.cleaned_data["rating"],
                comment=rate_form.cleaned_data["comment"],
            )
        except ApplicationError as exc:
            return self._show(request, form, code, message=exc.message, status=400)
        message = (
            _("感谢评价。您对办理结果不满意，该事项已退回重新办理。")
            if item.status != OpinionStatus.CLOSED
            else _("感谢您的评价！")
        )
        return self._show(request, form, code, message=message)


class PublicFinderView(View):
    """Find the stations of a township or street: pick a county, then a township."""

    def get(self, request):
        counties = Region.objects.filter(level=RegionLevel.COUNTY).select_related("parent").order_by("code")
        county = counties.filter(code=request.GET.get("county", "")).first()
        townships = (
            Region.objects.filter(parent=county, level=RegionLevel.TOWNSHIP).order_by("code") if county else None
        )
        township = townships.filter(code=request.GET.get("township", "")).first() if townships is not None else None
        chosen = township or county
        stations = selectors.station_list_public(region_code=chosen.scope_prefix) if chosen else None
        context = {
            "counties": counties,
            "county": county,
            "townships": townships,
            "township": township,
            "stations": stations,
        }
        return render(request, "liaison_stations/public/finder.html", context)
