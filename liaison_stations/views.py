"""Staff and deputy pages: declarative views on the core bases; POSTs call one service."""

import io

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from accounts import roles
from core.exceptions import ApplicationError
from core.rights import action_names, available_actions
from core.services import job_start
from core.views import (
    ActionPage,
    ScopedDetailView,
    ScopedListView,
    ServiceFormView,
    StaffRequiredMixin,
    TransitionView,
    add_submission_key,
    form_data,
)

from . import forms, selectors, services
from .filters import (
    ConsultationFilterSet,
    InspectionProblemFilterSet,
    OpinionItemFilterSet,
    ReceptionFilterSet,
    SolicitationFilterSet,
    StationEvaluationFilterSet,
    StationFilterSet,
)
from .models import (
    EvaluationIndicatorSet,
    Inspection,
    InspectionProblem,
    OpinionItem,
    Reception,
    Solicitation,
    Station,
    StationEvaluation,
)
from .querysets import today


class SelectorListView(ScopedListView):
    """A list whose base queryset comes from a selector (which starts from visible_to)."""

    selector = None

    def get_base_queryset(self):
        return type(self).selector(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["export_enabled"] = bool(self.export_kind)
        return context


class FormPageView(StaffRequiredMixin, ServiceFormView):
    template_name = "liaison_stations/form.html"
    title = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.title
        return context

    @staticmethod
    def cleaned(form) -> dict:
        """The form's cleaned values for the service."""
        return dict(form.cleaned_data)


# Stations
# ------------------------------------------------------------------------------


class StationListView(SelectorListView):
    selector = staticmethod(selectors.station_list)
    filterset_class = StationFilterSet
    template_name = "liaison_stations/station_list.html"
    export_kind = "liaison_stations.stations"
    export_title = gettext_lazy("联络站（点）名录")


class StationDetailView(ScopedDetailView):
    model = Station
    template_name = "liaison_stations/station_detail.html"
    context_object_name = "station"

    def get_queryset(self):
        return super().get_queryset().select_related("region__parent")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, station = self.request.user, self.object
        context.update(
            deputies=selectors.station_deputies(station=station),
            receptions=selectors.reception_list(user=user).filter(station=station)[:10],
            opinion_items=selectors.opinion_list(user=user).filter(station=station)[:10],
            consultations=selectors.consultation_list(user=user).filter(station=station)[:10],
            evaluations=selectors.evaluation_ranking(user=user).filter(station=station)[:8],
            problems=selectors.problem_list(user=user).filter(station=station)[:10],
            public_url=self.request.build_absolute_uri(station.public_submit_path()),
        )
        return context


class StationCreateView(FormPageView):
    form_class = forms.StationForm
    title = gettext_lazy("新建联络站（点）")
    success_message = gettext_lazy("联络站（点）已保存。")

    def perform(self, form):
        data = self.cleaned(form)
        return services.station_create(actor=self.request.user, deputies=data.pop("deputies"), **data)


class StationUpdateView(FormPageView):
    form_class = forms.StationForm
    title = gettext_lazy("编辑联络站（点）")
    success_message = gettext_lazy("联络站（点）已保存。")

    def get_station(self):
        return get_object_or_404(Station.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_station()}

    def perform(self, form):
        data = self.cleaned(form)
        station = Station.objects.visible_to(self.request.user).get(pk=self.kwargs["pk"])
        return services.station_update(actor=self.request.user, station=station, deputies=data.pop("deputies"), **data)


class StationQRView(LoginRequiredMixin, View):
    """The station's QR code (SVG) leading residents to the public submission page."""

    def get(self, request, pk):
        station = get_object_or_404(Station.objects.visible_to(request.user), pk=pk)
        image = qrcode.make(
            request.build_absolute_uri(station.public_submit_path()), image_factory=qrcode.image.svg.SvgPathImage
        )
        buffer = io.BytesIO()
        image.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
        if request.GET.get("download"):
            response["Content-Disposition"] = f'attachment; filename="station-{station.pk}-qr.svg"'
        return response


# Receptions
# ------------------------------------------------------------------------------


class ReceptionListView(SelectorListView):
    selector = staticmethod(selectors.reception_list)
    filterset_class = ReceptionFilterSet
    template_name = "liaison_stations/reception_list.html"
    export_kind = "liaison_stations.receptions"
    export_title = gettext_lazy("进站接待记录")


class ReceptionDetailView(ScopedDetailView):
    model = Reception
    template_name = "liaison_stations/reception_detail.html"
    context_object_name = "reception"

    def get_queryset(self):
        return super().get_queryset().select_related("station").prefetch_related("deputies__person", "visitors")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "actions": action_names(self.request.user, self.object)}


class ReceptionCreateView(FormPageView):
    form_class = forms.ReceptionForm
    title = gettext_lazy("登记进站接待")
    success_message = gettext_lazy("接待记录已保存。")

    def perform(self, form):
        data = form.cleaned_data
        return services.reception_create(
            actor=self.request.user,
            station=data["station"],
            date=data["date"],
            visitor_count=data["visitor_count"],
            topics=data["topics"],
            deputies=data["deputies"],
            visitors=data["visitors"],
        )


# Opinion items
# ------------------------------------------------------------------------------


class OpinionListView(SelectorListView):
    selector = staticmethod(selectors.opinion_list)
    filterset_class = OpinionItemFilterSet
    template_name = "liaison_stations/opinion_list.html"
    export_kind = "liaison_stations.opinions"
    export_title = gettext_lazy("民情民意清单")
    heading = gettext_lazy("民情民意")

    def get_context_data(self, **kwargs):
        # Recording an item is the office staff's (the page it opens refuses anyone else).
        may_record = roles.is_office_staff(self.request.user)
        return {**super().get_context_data(**kwargs), "heading": self.heading, "may_record": may_record}


class OpinionQueueView(StaffRequiredMixin, OpinionListView):
    """Staff work queue: open items due soon or overdue in the jurisdiction."""

    selector = staticmethod(selectors.opinion_work_queue)
    export_kind = "liaison_stations.opinion_queue"
    heading = gettext_lazy("待办提醒：即将到期和已超期的民情民意")


class OpinionMineView(OpinionListView):
    """A deputy's items: assigned to them or addressed to them through their code."""

    selector = staticmethod(selectors.opinion_assigned_to)
    export_kind = "liaison_stations.opinions_mine"
    heading = gettext_lazy("交由我办理的民情民意")


class OpinionDetailView(ScopedDetailView):
    model = OpinionItem
    template_name = "liaison_stations/opinion_detail.html"
    context_object_name = "item"

    def get_queryset(self):
        return selectors.opinion_list(user=self.request.user).select_related(
            "reception", "receiving_deputy__person", "received_by"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, item = self.request.user, self.object
        offered = available_actions(user, item)
        context["history"] = selectors.opinion_history(item=item)
        # Suggestions this item grew into, as far as the user may see them.
        context["linked_suggestions"] = item.suggestions.visible_to(user)
        context["actions"] = {step.name for step in offered}
        context["transition_forms"] = [
            (step, OPINION_STEPS[step.name][0](user=user, target=item))
            for step in offered
            if step.name in OPINION_STEPS
        ]
        return context


class OpinionCreateView(FormPageView):
    form_class = forms.OpinionItemForm
    title = gettext_lazy("登记民情民意")
    success_message = gettext_lazy("民情民意已登记。")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.request.method == "GET" and self.request.GET.get("station"):
            kwargs["initial"] = {"station": self.request.GET["station"]}
        return kwargs

    def perform(self, form):
        data = form.cleaned_data
        return services.opinion_create(
            actor=self.request.user,
            station=data["station"],
            reception=data["reception"],
            source=data["source"],
            data=services.OpinionInput(
                title=data["title"],
                content=data["content"],
                category=data["category"],
                location=data["location"],
                resident_name=data["resident_name"],
                resident_phone=data["resident_phone"],
            ),
        )


def _register(actor, item, data):
    return services.opinion_register(
        actor=actor, item=item, category=data.get("category") or None, note=data.get("note", "")
    )


def _assign(actor, item, data):
    return services.opinion_assign(
        actor=actor,
        item=item,
        unit=data.get("unit", ""),
        deputy=data.get("deputy"),
        due_date=data.get("due_date"),
        note=data.get("note", ""),
    )


def _reopen(actor, item, data):
    return services.opinion_reopen(actor=actor, item=item, reason=data["reason"], due_date=data.get("due_date"))


# Each step of the opinion workflow: its form and the service call with the form's (or API body's) data.
OPINION_STEPS = {
    "register": (forms.RegisterForm, _register),
    "assign": (forms.AssignForm, _assign),
    "handle": (
        forms.HandleForm,
        lambda actor, item, data: services.opinion_handle(actor=actor, item=item, result=data["result"]),
    ),
    "supervise": (
        forms.SuperviseForm,
        lambda actor, item, data: services.opinion_supervise(actor=actor, item=item, note=data["note"]),
    ),
    "reply": (
        forms.ReplyForm,
        lambda actor, item, data: services.opinion_reply(actor=actor, item=item, reply=data["reply"]),
    ),
    "close": (
        forms.CloseForm,
        lambda actor, item, data: services.opinion_close(actor=actor, item=item, note=data.get("note", "")),
    ),
    "reopen": (forms.ReopenForm, _reopen),
}


def run_transition(*, action: str, actor, item: OpinionItem, data: dict) -> OpinionItem:
    """Call the service of one transition with a form's cleaned data (shared by page and API)."""
    return OPINION_STEPS[action][1](actor, item, data)


def _page(form_class, call) -> ActionPage:
    return ActionPage(form_class, run=lambda actor, target, form: call(actor, target, form_data(form)))


class OpinionTransitionView(TransitionView):
    """Every step of an opinion item: ``opinions/<pk>/<step>/`` (the detail page embeds their forms)."""

    model = OpinionItem
    actions = {name: _page(form_class, call) for name, (form_class, call) in OPINION_STEPS.items()}


# Solicitation and consultation
# ------------------------------------------------------------------------------


class SolicitationListView(SelectorListView):
    selector = staticmethod(selectors.solicitation_list)
    filterset_class = SolicitationFilterSet
    template_name = "liaison_stations/solicitation_list.html"


class SolicitationDetailView(ScopedDetailView):
    model = Solicitation
    template_name = "liaison_stations/solicitation_detail.html"
    context_object_name = "solicitation"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["summary"] = selectors.solicitation_summary(solicitation=self.object, user=user)
        context["opinions"] = selectors.solicitation_opinions(solicitation=self.object, user=user)
        context["form"] = kwargs.get("form") or forms.SolicitationOpinionForm(user=user, solicitation=self.object)
        context["is_open"] = self.object.start_date <= today() <= self.object.end_date
        return context

    def post(self, request, pk):
        self.object = self.get_object()
        form = forms.SolicitationOpinionForm(data=request.POST, user=request.user, solicitation=self.object)
        if form.is_valid():
            try:
                services.solicitation_opinion_add(actor=request.user, solicitation=self.object, **form.cleaned_data)
            except ApplicationError as exc:
                form.add_error(exc.field, exc.message)
            else:
                messages.success(request, _("意见已登记。"))
                return redirect(self.object)
        return self.render_to_response(self.get_context_data(form=form))


class SolicitationExportView(LoginRequiredMixin, View):
    def post(self, request, pk):
        solicitation = get_object_or_404(Solicitation.objects.visible_to(request.user), pk=pk)
        job = job_start(
            actor=request.user,
            kind="liaison_stations.solicitation_summary",
            title=_("征求意见汇总：%(title)s") % {"title": solicitation.title},
            params={"solicitation_id": solicitation.pk},
        )
        return redirect("core:job_detail", pk=job.pk)


class SolicitationCreateView(FormPageView):
    form_class = forms.SolicitationForm
    title = gettext_lazy("新建立法监督征求意见项目")
    success_message = gettext_lazy("征求意见项目已创建。")

    def perform(self, form):
        return services.solicitation_create(actor=self.request.user, **self.cleaned(form))


class ConsultationListView(SelectorListView):
    selector = staticmethod(selectors.consultation_list)
    filterset_class = ConsultationFilterSet
    template_name = "liaison_stations/consultation_list.html"
    export_kind = "liaison_stations.consultations"
    export_title = gettext_lazy("进站协商活动")


class ConsultationCreateView(FormPageView):
    form_class = forms.ConsultationForm
    title = gettext_lazy("登记进站协商活动")
    success_message = gettext_lazy("协商活动已登记。")

    def perform(self, form):
        return services.consultation_create(actor=self.request.user, **self.cleaned(form))

    def get_success_url(self, result):
        return reverse("liaison_stations:consultation_list")


# Evaluation
# ------------------------------------------------------------------------------


class EvaluationListView(SelectorListView):
    """Quarterly evaluations ranked within the filtered region."""

    selector = staticmethod(selectors.evaluation_ranking)
    filterset_class = StationEvaluationFilterSet
    template_name = "liaison_stations/evaluation_list.html"
    export_kind = "liaison_stations.evaluations"
    export_title = gettext_lazy("联络站评价排名")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["indicator_sets"] = EvaluationIndicatorSet.objects.visible_to(self.request.user).select_related(
            "region"
        )[:10]
        return context


class IndicatorSetDetailView(ScopedDetailView):
    model = EvaluationIndicatorSet
    template_name = "liaison_stations/indicator_set_detail.html"
    context_object_name = "indicator_set"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("indicators")


class IndicatorSetCreateView(FormPageView):
    form_class = forms.IndicatorSetForm
    title = gettext_lazy("制定评价指标体系")
    success_message = gettext_lazy("指标体系已保存。")

    def perform(self, form):
        return services.indicator_set_create(actor=self.request.user, **self.cleaned(form))


class SelfEvaluationView(FormPageView):
    title = gettext_lazy("季度自评")
    success_message = gettext_lazy("自评已保存。")

    def get_indicator_set(self):
        set_id = self.request.GET.get("set") or self.request.POST.get("indicator_set")
        sets = EvaluationIndicatorSet.objects.visible_to(self.request.user)
        return get_object_or_404(sets, pk=set_id) if set_id else sets.first()

    def get_form(self):
        indicator_set = self.get_indicator_set()
        indicators = indicator_set.indicators.all() if indicator_set else []
        kwargs = self.get_form_kwargs()
        if self.request.method == "GET" and indicator_set:
            kwargs["initial"] = {"year": indicator_set.year, "quarter": (today().month - 1) // 3 + 1}
        form = forms.SelfEvaluationForm(indicators=indicators, **kwargs)
        add_submission_key(form)
        return form

    def perform(self, form):
        data = form.cleaned_data
        return services.evaluation_self_score(
            actor=self.request.user,
            station=data["station"],
            year=data["year"],
            quarter=data["quarter"],
            scores=form.scores(),
        )

    def get_success_url(self, result):
        return reverse("liaison_stations:evaluation_list")


class EvaluationReviewView(FormPageView):
    title = gettext_lazy("上级考评打分")
    success_message = gettext_lazy("考评得分已保存。")

    def get_evaluation(self):
        queryset = StationEvaluation.objects.visible_to(self.request.user).select_related("station", "indicator_set")
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def get_form(self):
        evaluation = self.get_evaluation()
        kwargs = self.get_form_kwargs()
        if self.request.method == "GET":
            kwargs["initial"] = {f"score_{s.indicator_id}": s.self_score for s in evaluation.scores.all()}
        form = forms.ReviewForm(indicators=evaluation.indicator_set.indicators.all(), **kwargs)
        add_submission_key(form)
        return form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["subject"] = self.get_evaluation()
        return context

    def perform(self, form):
        return services.evaluation_review_score(
            actor=self.request.user,
            evaluation=self.get_evaluation(),
            scores=form.scores(),
            note=form.cleaned_data["note"],
        )

    def get_success_url(self, result):
        return reverse("liaison_stations:evaluation_list")


# Inspection
# ------------------------------------------------------------------------------


class InspectionListView(SelectorListView):
    selector = staticmethod(
        lambda *, user: Inspection.objects.visible_to(user).select_related("region").prefetch_related("problems")
    )
    template_name = "liaison_stations/inspection_list.html"


class InspectionCreateView(FormPageView):
    form_class = forms.InspectionForm
    title = gettext_lazy("新建站点检查")
    success_message = gettext_lazy("检查已创建，请登记发现的问题。")

    def perform(self, form):
        return services.inspection_create(actor=self.request.user, **self.cleaned(form))


class InspectionDetailView(ScopedDetailView):
    model = Inspection
    template_name = "liaison_stations/inspection_detail.html"
    context_object_name = "inspection"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["problems"] = selectors.problem_list(user=user).filter(inspection=self.object)
        context["form"] = kwargs.get("form") or forms.ProblemForm(user=user)
        return context

    def post(self, request, pk):
        self.object = self.get_object()
        form = forms.ProblemForm(data=request.POST, user=request.user)
        if form.is_valid():
            try:
                services.problem_add(actor=request.user, inspection=self.object, **form.cleaned_data)
            except ApplicationError as exc:
                form.add_error(exc.field, exc.message)
            else:
                messages.success(request, _("问题已登记。"))
                return redirect(self.object)
        return self.render_to_response(self.get_context_data(form=form))


class ProblemListView(SelectorListView):
    selector = staticmethod(selectors.problem_list)
    filterset_class = InspectionProblemFilterSet
    template_name = "liaison_stations/problem_list.html"
    export_kind = "liaison_stations.problems"
    export_title = gettext_lazy("检查问题整改清单")


def _update_problem(actor, problem, form):
    return services.problem_update_status(actor=actor, problem=problem, **form_data(form))


class ProblemTransitionView(TransitionView):
    """The rectification of a problem: ``problems/<pk>/edit/`` chooses its next status."""

    model = InspectionProblem
    actions = {"edit": ActionPage(forms.ProblemStatusForm, run=_update_problem, action="update_rectification")}
    subnav_template = "liaison_stations/includes/subnav.html"

    def get_success_url(self, result) -> str:
        """The inspection's page if the user sees it (a county clerk does not see a city's): else its problems."""
        if Inspection.objects.visible_to(self.request.user).filter(pk=result.inspection_id).exists():
            return reverse("liaison_stations:inspection_detail", args=[result.inspection_id])
        return result.get_absolute_url()
