"""Base views: every list, detail and form in the portal is scoped through these."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, connections, transaction
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.views import View
from django.views.defaults import page_not_found as default_page_not_found
from django.views.generic import DetailView, ListView, TemplateView
from django_filters.views import FilterMixin
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView

from accounts.choices import Role

from .audit import audit_record
from .choices import AuditAction, JobStatus
from .exceptions import ApplicationError
from .exports import export_params
from .media import can_read, file_response
from .models import Job, Notification, SubmissionKey
from .pagination import IdsFirstPaginator
from .rights import can, require
from .sections import render_sections
from .services import job_retry, job_start, notification_mark_read
from .status import broker_state, database_ok
from .workflow import workflow_for


class ScopedQuerysetMixin(LoginRequiredMixin):
    """Start every queryset from what the user may see; subclasses may narrow it further."""

    model = None
    queryset = None

    def get_base_queryset(self):
        base = self.queryset if self.queryset is not None else self.model._default_manager.all()
        return base.visible_to(self.request.user)

    def get_queryset(self):
        return self.get_base_queryset()


class ScopedListView(ScopedQuerysetMixin, FilterMixin, ListView):
    """A filtered, paginated list; a POST of ``export=xlsx`` exports exactly what is filtered, as a job."""

    filterset_class = None
    paginate_by = 25
    paginator_class = IdsFirstPaginator
    export_kind: str | None = None
    export_title: str = ""

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.filterset_class is None:
            self.filterset = None
            return queryset
        self.filterset = self.get_filterset(self.get_filterset_class())
        self.filterset.request = self.request
        if not self.filterset.is_valid():
            return queryset.none()
        return self.filterset.qs

    def get_filterset_kwargs(self, filterset_class):
        # Not super(): FilterMixin's version calls self.get_queryset(), which
        # builds the filterset again (endless recursion). The data is always
        # bound so that a page opened without a query lists everything visible.
        return {
            "data": self.request.GET,
            "request": self.request,
            "queryset": ScopedQuerysetMixin.get_queryset(self),
        }

    def export_allowed(self) -> bool:
        """Whether this page offers its Excel export to the user (the button, and the POST)."""
        return bool(self.export_kind)

    def post(self, request, *args, **kwargs):
        """The export button: a POST to the page's own URL, whose query string holds the filters.

        Exports start only from a POST (with its CSRF token): a GET, such as a link or a
        prefetch, only ever shows the list.
        """
        if not self.export_kind or request.POST.get("export") != "xlsx":
            return HttpResponseNotAllowed(["GET"])
        if not self.export_allowed():
            raise PermissionDenied
        job = job_start(
            actor=request.user,
            kind=self.export_kind,
            title=str(self.export_title),
            params={"filters": export_params(request.GET)},
        )
        return redirect("core:job_detail", pk=job.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("export_enabled", self.export_allowed())
        context["filter"] = self.filterset
        query = self.request.GET.copy()
        query.pop("page", None)
        context["querystring"] = query.urlencode()
        return context


class ScopedDetailView(ScopedQuerysetMixin, DetailView):
    """Detail of one visible record; anything else is a 404, never a 403 that leaks existence."""


SUBMISSION_KEY_FIELD = "submission_key"


def add_submission_key(form) -> None:
    """A hidden one-time key per rendered form, so that double submits create one record."""
    form.fields[SUBMISSION_KEY_FIELD] = forms.CharField(
        widget=forms.HiddenInput, required=False, initial=uuid.uuid4().hex, max_length=64
    )


def claim_submission(form, user) -> SubmissionKey:
    """Insert the form's key (inside the caller's transaction); a second submit waits, then finds it."""
    # Taken out of cleaned_data: the key is the view's business, never a service argument.
    key = form.cleaned_data.pop(SUBMISSION_KEY_FIELD, "") or ""
    if not key:
        return SubmissionKey(result_url="")
    owner = user if getattr(user, "is_authenticated", False) else None
    try:
        with transaction.atomic():
            return SubmissionKey.objects.create(key=key, user=owner)
    except IntegrityError:
        existing = SubmissionKey.objects.filter(key=key, user=owner).first()
        if existing is None or not existing.result_url:
            raise ApplicationError(_("该表单已提交，请勿重复提交。")) from None
        return existing


class ServiceFormView(LoginRequiredMixin, TemplateView):
    """A form whose valid data goes to one service call; domain errors land on the form."""

    form_class = None
    success_message = ""

    def get_form_kwargs(self):
        kwargs = {"user": self.request.user}
        if self.request.method == "POST":
            kwargs.update(data=self.request.POST, files=self.request.FILES)
        return kwargs

    def get_form(self):
        form = self.form_class(**self.get_form_kwargs())
        add_submission_key(form)
        return form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.get_form())
        return context

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_valid():
            try:
                with transaction.atomic():
                    claim = claim_submission(form, request.user)
                    if claim.result_url:
                        return redirect(claim.result_url)  # the same form was already submitted
                    result = self.perform(form)
                    url = self.get_success_url(result)
                    if claim.pk:
                        SubmissionKey.objects.filter(pk=claim.pk).update(result_url=url)
            except ApplicationError as exc:
                form.add_error(exc.field, exc.message)
            except DjangoValidationError as exc:
                form.add_error(None, exc)
            else:
                if self.success_message:
                    messages.success(request, self.success_message)
                return redirect(url)
        return self.render_to_response(self.get_context_data(form=form))

    def perform(self, form):
        raise NotImplementedError

    def get_success_url(self, result) -> str:
        return result.get_absolute_url()


# Workflow steps
# ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionPage:
    """The page of one workflow step: its form and the service call it makes.

    ``run(actor, target, form)`` calls the service; ``action`` names the step in
    the app's workflow (default: the URL slug with ``_`` for ``-``), whose
    label titles the page and whose rule decides who is offered it.
    """

    form_class: type[forms.Form]
    run: Callable[[Any, Any, Any], Any]
    action: str | None = None
    title: str | Promise | None = None


class TransitionView(ServiceFormView):
    """One table-driven view for every workflow step of a model: ``<pk>/<step>/``.

    Subclasses declare ``model``, ``actions = {slug: ActionPage(...)}`` and,
    where the record needs related rows, a narrower ``get_target_queryset()``.
    A step the user may not take on the record now (``core.rights.can``) is
    refused before any form is shown.
    """

    template_name = "core/transition_form.html"
    model = None
    actions: dict[str, ActionPage] = {}
    subnav_template: str | None = None

    def get_target_queryset(self):
        return self.model.objects.visible_to(self.request.user)

    @cached_property
    def target(self):
        return get_object_or_404(self.get_target_queryset(), pk=self.kwargs["pk"])

    @cached_property
    def page(self) -> ActionPage:
        try:
            return self.actions[self.kwargs["step"]]
        except KeyError:
            raise Http404 from None

    @cached_property
    def step(self):
        return workflow_for(self.target).get(self.page.action or self.kwargs["step"].replace("-", "_"))

    @property
    def title(self):
        return self.page.title or self.step.label

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not can(user, self.step.name, self.target):
            if not self.step.allowed(user, self.target):
                raise PermissionDenied(_("当前不能办理“%(step)s”。") % {"step": self.title})
            # A stale page: the record moved on since it was opened. Back to it, with the reason.
            try:
                require(user, self.step.name, self.target)
            except ApplicationError as exc:
                messages.error(request, exc.message)
            return redirect(self.target.get_absolute_url())
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        form = self.page.form_class(**self.get_form_kwargs(), target=self.target)
        add_submission_key(form)
        return form

    def perform(self, form):
        return self.page.run(self.request.user, self.target, form)

    def get_success_url(self, result) -> str:
        return self.target.get_absolute_url()

    @property
    def success_message(self):
        return _("已办理：%(step)s") % {"step": self.title}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            step=self.step,
            title=self.title,
            target=self.target,
            back_url=self.target.get_absolute_url(),
            subnav_template=self.subnav_template,
        )
        return context


def form_data(form) -> dict[str, Any]:
    """A step form's cleaned data as service arguments."""
    return dict(form.cleaned_data)


# Home, jobs, notifications, health
# ------------------------------------------------------------------------------

HOME_TEMPLATES = {
    Role.DEPUTY: "core/home_deputy.html",
    Role.SYSTEM_ADMIN: "core/home_admin.html",
    Role.SECURITY_ADMIN: "core/home_admin.html",
    Role.AUDIT_ADMIN: "core/home_admin.html",
}


class HomeView(LoginRequiredMixin, TemplateView):
    def get_template_names(self):
        return [HOME_TEMPLATES.get(self.request.user.role, "core/home_staff.html")]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sections"] = render_sections("home", user=self.request.user)
        return context


class JobListView(LoginRequiredMixin, ListView):
    template_name = "core/job_list.html"
    paginate_by = 25

    def get_queryset(self):
        return Job.objects.filter(owner=self.request.user)


class JobDetailView(LoginRequiredMixin, DetailView):
    template_name = "core/job_detail.html"
    context_object_name = "job"

    def get_queryset(self):
        return Job.objects.filter(owner=self.request.user)

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["core/includes/job_progress.html"]
        return [self.template_name]


class JobRetryView(LoginRequiredMixin, View):
    """The owner's "重试" on a failed job: it runs again from its stored parameters."""

    def post(self, request, pk):
        job = get_object_or_404(Job, pk=pk, owner=request.user)
        try:
            job_retry(actor=request.user, job_id=job.pk)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("core:job_detail", pk=job.pk)


class JobDownloadView(LoginRequiredMixin, View):
    def get(self, request, pk):
        job = get_object_or_404(Job, pk=pk, owner=request.user)
        if not job.result_file:
            raise Http404
        audit_record(actor=request.user, action=AuditAction.EXPORT, request=request, target=job)
        return file_response(job.result_file.name)


def media_serve(request, name: str):
    """An uploaded file, to a reader its record's rule allows (core.media); 404 to everyone else."""
    if not can_read(request.user, name):
        raise Http404
    return file_response(name)


class NotificationListView(LoginRequiredMixin, ListView):
    template_name = "core/notification_list.html"
    paginate_by = 30

    def get_queryset(self):
        return Notification.objects.filter(recipient=self.request.user)

    def post(self, request):
        notification_mark_read(user=request.user)
        messages.success(request, _("已全部标记为已读。"))
        return redirect("core:notification_list")


class NotificationOpenView(LoginRequiredMixin, View):
    def get(self, request, pk):
        note = get_object_or_404(Notification, pk=pk, recipient=request.user)
        notification_mark_read(user=request.user, notification_ids=[note.pk])
        return redirect(note.url or reverse("core:notification_list"))


class StaffRequiredMixin(LoginRequiredMixin):
    """Office pages, for the staff of a jurisdiction; anyone else logged in is refused (403).

    ``hide_from_others`` answers 404 instead, for pages whose existence is nobody else's business.
    """

    hide_from_others = False
    denied_message = ""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not user.is_office_staff:
            if self.hide_from_others:
                raise Http404
            raise PermissionDenied(self.denied_message or None)
        return super().dispatch(request, *args, **kwargs)


class StatusView(StaffRequiredMixin, TemplateView):
    """For staff: is the queue working, and how fresh are the statistics?"""

    template_name = "core/status.html"
    hide_from_others = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            database=database_ok(),
            broker=broker_state(),
            queued_jobs=Job.objects.filter(status=JobStatus.QUEUED).count(),
            failed_jobs=Job.objects.filter(status=JobStatus.FAILED).count(),
            # Rows other apps add (the statistics' freshness), registered in their sections.py.
            sections=render_sections("status", user=self.request.user),
        )
        return context


def health_live(request):
    return HttpResponse("ok", content_type="text/plain")


def health_ready(request):
    """Ready when the database answers; a broker outage must not take the portal down."""
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return JsonResponse({"database": "down"}, status=503)
    return JsonResponse({"database": "ok"})


def page_not_found(request, exception=None):
    """API clients get JSON for unknown URLs too; people get the portal's page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("未找到。")}, status=404)
    return default_page_not_found(request, exception)


# API documentation
# ------------------------------------------------------------------------------


class ApiDocsView(SpectacularSwaggerView):
    """Swagger UI with its set-up in static/portal/api-docs.js: the portal's CSP allows no inline script."""

    template_name = "core/api/swagger_ui.html"

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.data["settings_data"] = spectacular_settings.SWAGGER_UI_SETTINGS
        return response


# Redoc's bundle writes <style> elements as it loads, before any nonce can reach it: this page
# alone allows inline styles. Scripts stay 'self' only, as everywhere.
@method_decorator(csp_update({"style-src": [UNSAFE_INLINE]}), name="dispatch")
class ApiRedocView(SpectacularRedocView):
    """Redoc with its set-up in static/portal/api-redoc.js (the CSP allows no inline script)."""

    template_name = "core/api/redoc.html"

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.data["settings_data"] = spectacular_settings.REDOC_UI_SETTINGS or {}
        return response
