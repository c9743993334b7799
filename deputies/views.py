"""Pages: roster, performance record, own profile, groups, contacts, training, activities, codes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from accounts import roles
from core.audit import client_ip
from core.exceptions import ApplicationError
from core.rights import action_names, available_actions
from core.sections import render_sections
from core.services import job_start
from core.views import ScopedDetailView, ScopedListView, ServiceFormView, StaffRequiredMixin

from . import selectors, services
from .choices import ContactKind
from .filters import ContactFilterSet, DeputyFilterSet, GroupFilterSet, TrainingCourseFilterSet
from .forms import (
    ActivityForm,
    AddMembersForm,
    AttendanceForm,
    ContactForm,
    DeputyForm,
    DeputyStatusForm,
    GroupForm,
    OwnProfileForm,
    PublicCheckInForm,
    RosterImportForm,
    TrainingCourseForm,
)
from .models import Activity, Contact, Deputy, Group, TrainingCourse
from .qr import qr_svg
from .roster import template_xlsx


def form_data(form) -> dict:
    """The form's own fields only (the base view adds a one-time submission key)."""
    names = getattr(getattr(form, "Meta", None), "fields", None) or form.declared_fields
    return {name: form.cleaned_data[name] for name in names if name in form.cleaned_data}


# Roster and performance record
# ------------------------------------------------------------------------------


class DeputyListView(StaffRequiredMixin, ScopedListView):
    model = Deputy
    queryset = Deputy.objects.select_related("person", "congress", "region").prefetch_related("person__expertise_tags")
    filterset_class = DeputyFilterSet
    template_name = "deputies/deputy_list.html"
    export_kind = "deputies.roster_export"
    export_title = gettext_lazy("代表名册导出")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["export_enabled"] = True
        return context


class DeputyDetailView(StaffRequiredMixin, ScopedDetailView):
    """The performance record (履职档案): profile plus every app's section."""

    model = Deputy
    queryset = Deputy.objects.select_related("person", "congress", "region")
    template_name = "deputies/deputy_detail.html"
    context_object_name = "deputy"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        deputy = self.object
        context.update(record_context(deputy=deputy, user=self.request.user))
        context["other_mandates"] = (
            Deputy.objects.visible_to(self.request.user)
            .filter(person_id=deputy.person_id)
            .exclude(pk=deputy.pk)
            .select_related("congress")
        )
        # The status page is offered when the mandate workflow offers this user a step.
        context["mandate_actions"] = available_actions(self.request.user, deputy)
        return context


def record_context(*, deputy: Deputy, user) -> dict:
    return {
        "deputy": deputy,
        "person": deputy.person,
        "tags": list(deputy.person.expertise_tags.all()),
        "status_changes": list(deputy.status_changes.all()),
        "sections": render_sections("deputy_record", deputy=deputy, user=user),
    }


class DeputyCreateView(StaffRequiredMixin, ServiceFormView):
    form_class = DeputyForm
    template_name = "deputies/deputy_form.html"
    success_message = gettext_lazy("代表已登记。")

    def perform(self, form):
        return services.deputy_create(
            actor=self.request.user,
            congress=form.cleaned_data["congress"],
            region=form.cleaned_data["region"],
            person=form.person_data(),
            **form.mandate_data(),
        )


class DeputyUpdateView(StaffRequiredMixin, ServiceFormView):
    form_class = DeputyForm
    template_name = "deputies/deputy_form.html"
    success_message = gettext_lazy("代表信息已保存。")

    def get_deputy(self) -> Deputy:
        if not hasattr(self, "_deputy"):
            self._deputy = get_object_or_404(Deputy.objects.visible_to(self.request.user), pk=self.kwargs["pk"])
        return self._deputy

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_deputy()}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "deputy": self.get_deputy()}

    def perform(self, form):
        return services.deputy_update(
            actor=self.request.user,
            deputy=self.get_deputy(),
            person=form.person_data(),
            region=form.cleaned_data["region"],
            **form.mandate_data(),
        )


class DeputyStatusView(DeputyUpdateView):
    form_class = DeputyStatusForm
    template_name = "deputies/deputy_status_form.html"
    success_message = gettext_lazy("代表状态已变更。")

    def get_form_kwargs(self):
        return ServiceFormView.get_form_kwargs(self)

    def perform(self, form):
        deputy = self.get_deputy()
        services.deputy_change_status(actor=self.request.user, deputy=deputy, **form_data(form))
        return deputy


class DeputyRevealView(StaffRequiredMixin, View):
    """Full ID number and mobile, on an explicit POST that is written to the audit log."""

    def post(self, request, pk):
        deputy = get_object_or_404(Deputy.objects.visible_to(request.user).select_related("person"), pk=pk)
        revealed = services.person_reveal_identifiers(actor=request.user, deputy=deputy, request=request)
        return render(request, "deputies/deputy_reveal.html", {"deputy": deputy, "revealed": revealed})


class MyRecordView(LoginRequiredMixin, TemplateView):
    """A deputy's own record and the profile fields deputies may edit."""

    template_name = "deputies/my_record.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not roles.is_deputy(request.user):
            return redirect("deputies:deputy_list")
        return super().dispatch(request, *args, **kwargs)

    def get_mandates(self):
        return list(selectors.deputy_mandates_for_user(self.request.user))

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        mandates = self.get_mandates()
        context["mandates"] = mandates
        if not mandates:
            return context
        chosen = next((m for m in mandates if str(m.pk) == self.request.GET.get("mandate")), mandates[0])
        context.update(record_context(deputy=chosen, user=self.request.user))
        context["form"] = form or OwnProfileForm(user=self.request.user, person=chosen.person)
        return context

    def post(self, request):
        mandates = self.get_mandates()
        if not mandates:
            raise Http404
        person = mandates[0].person
        form = OwnProfileForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.person_update_own_profile(
                    actor=request.user,
                    person=person,
                    mobile=form.cleaned_data["mobile"],
                    email=form.cleaned_data["email"],
                    address=form.cleaned_data["address"],
                    expertise_tags=form.tags(),
                )
            except ApplicationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("个人资料已保存。"))
                return redirect("deputies:my_record")
        return self.render_to_response(self.get_context_data(form=form))


# Import
# ------------------------------------------------------------------------------


class RosterImportView(StaffRequiredMixin, ServiceFormView):
    form_class = RosterImportForm
    template_name = "deputies/roster_import.html"

    def perform(self, form):
        return job_start(
            actor=self.request.user,
            kind="deputies.roster_import",
            title=_("代表名册导入：%(name)s") % {"name": form.cleaned_data["file"].name},
            input_file=form.cleaned_data["file"],
            params={"congress": congress.pk} if (congress := form.cleaned_data.get("congress")) else {},
        )

    def get_success_url(self, result) -> str:
        return reverse("core:job_detail", args=[result.pk])


class RosterTemplateView(StaffRequiredMixin, View):
    def get(self, request):
        response = HttpResponse(
            template_xlsx(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = (
            "attachment; filename*=UTF-8''%E4%BB%A3%E8%A1%A8%E5%90%8D%E5%86%8C%E6%A8%A1%E6%9D%BF.xlsx"
        )
        return response


# Groups
# ------------------------------------------------------------------------------


class GroupListView(StaffRequiredMixin, ScopedListView):
    model = Group
    queryset = (
        Group.objects.select_related("region", "congress")
        .annotate(member_count=Count("memberships", filter=Q(memberships__end_date__isnull=True), distinct=True))
        .order_by("region__code", "kind", "name", "pk")
    )
    filterset_class = GroupFilterSet
    template_name = "deputies/group_list.html"


class GroupDetailView(ScopedDetailView):
    model = Group
    queryset = Group.objects.select_related("region", "congress")
    template_name = "deputies/group_detail.html"
    context_object_name = "group"

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        group = self.object
        user = self.request.user
        context["members"] = selectors.group_members(group=group)
        context["actions"] = actions = action_names(user, group)
        if "add_members" in actions:
            form = form or AddMembersForm(user=user)
            query = self.request.GET.get("q", "").strip()
            candidates = form.fields["deputies"].queryset.exclude(
                memberships__group=group, memberships__end_date__isnull=True
            )
            if query:
                candidates = candidates.filter(person__name__contains=query)
            form.fields["deputies"].queryset = candidates.order_by("person__name_stroke_key")[:200]
            context["form"] = form
        return context


class GroupAddMembersView(StaffRequiredMixin, View):
    def post(self, request, pk):
        group = get_object_or_404(Group.objects.visible_to(request.user), pk=pk)
        form = AddMembersForm(request.POST, user=request.user)
        if form.is_valid():
            added = services.group_add_members(
                actor=request.user,
                group=group,
                deputies=form.cleaned_data["deputies"],
                role=form.cleaned_data["role"],
                start_date=form.cleaned_data["start_date"],
            )
            messages.success(request, _("已添加 %(count)d 名成员。") % {"count": len(added)})
        else:
            messages.error(request, _("请选择要添加的代表。"))
        return redirect(group.get_absolute_url())


class GroupCreateView(StaffRequiredMixin, ServiceFormView):
    form_class = GroupForm
    template_name = "deputies/form.html"
    success_message = gettext_lazy("小组已建立。")
    extra_context = {"title": gettext_lazy("新建小组")}

    def perform(self, form):
        return services.group_create(actor=self.request.user, **form_data(form))


# Contacts and training
# ------------------------------------------------------------------------------


class ContactListView(StaffRequiredMixin, ScopedListView):
    model = Contact
    queryset = Contact.objects.select_related("deputy__person", "deputy__region")
    filterset_class = ContactFilterSet
    template_name = "deputies/contact_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["by_region"] = selectors.contact_counts_by_region(user=self.request.user)
        return context


class ContactCreateView(ServiceFormView):
    form_class = ContactForm
    template_name = "deputies/form.html"
    success_message = gettext_lazy("双联记录已保存。")
    extra_context = {"title": gettext_lazy("登记双联记录")}

    def perform(self, form):
        return services.contact_create(actor=self.request.user, **form_data(form))

    def get_success_url(self, result) -> str:
        if roles.is_deputy(self.request.user):
            return reverse("deputies:my_record")
        return reverse("deputies:contact_list")

    def get_form(self):
        form = super().get_form()
        if roles.is_deputy(self.request.user):
            form.fields["kind"].choices = [(ContactKind.DEPUTY_RESIDENT, ContactKind.DEPUTY_RESIDENT.label)]
        return form


class TrainingCourseListView(StaffRequiredMixin, ScopedListView):
    model = TrainingCourse
    queryset = (
        TrainingCourse.objects.select_related("region")
        .annotate(attendee_count=Count("attendances"))
        .order_by("-start_date", "pk")
    )
    filterset_class = TrainingCourseFilterSet
    template_name = "deputies/course_list.html"


class TrainingCourseCreateView(StaffRequiredMixin, ServiceFormView):
    form_class = TrainingCourseForm
    template_name = "deputies/form.html"
    success_message = gettext_lazy("培训课程已保存。")
    extra_context = {"title": gettext_lazy("新建培训课程")}

    def perform(self, form):
        return services.training_course_create(actor=self.request.user, **form_data(form))

    def get_success_url(self, result) -> str:
        return reverse("deputies:course_detail", args=[result.pk])


class TrainingCourseDetailView(StaffRequiredMixin, ScopedDetailView):
    model = TrainingCourse
    template_name = "deputies/course_detail.html"
    context_object_name = "course"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["attendances"] = self.object.attendances.select_related("deputy__person", "deputy__region")
        context["form"] = AttendanceForm(user=self.request.user)
        return context

    def post(self, request, pk):
        course = get_object_or_404(TrainingCourse.objects.visible_to(request.user), pk=pk)
        form = AttendanceForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.training_record_attendance(
                    actor=request.user,
                    course=course,
                    deputies=form.cleaned_data["deputies"],
                    hours=form.cleaned_data["hours"],
                )
                messages.success(request, _("参训记录已保存。"))
            except ApplicationError as exc:
                messages.error(request, exc.message)
        return redirect("deputies:course_detail", pk=course.pk)


# Activities and codes
# ------------------------------------------------------------------------------


class ActivityListView(StaffRequiredMixin, ScopedListView):
    model = Activity
    queryset = (
        Activity.objects.select_related("region").annotate(check_in_count=Count("check_ins")).order_by("-held_on", "pk")
    )
    template_name = "deputies/activity_list.html"


class ActivityCreateView(StaffRequiredMixin, ServiceFormView):
    form_class = ActivityForm
    template_name = "deputies/form.html"
    success_message = gettext_lazy("活动已建立，可打印活动码。")
    extra_context = {"title": gettext_lazy("新建履职活动")}

    def perform(self, form):
        return services.activity_create(actor=self.request.user, **form_data(form))


class ActivityDetailView(StaffRequiredMixin, ScopedDetailView):
    model = Activity
    template_name = "deputies/activity_detail.html"
    context_object_name = "activity"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["check_ins"] = self.object.check_ins.select_related("deputy__person", "deputy__region")
        context["public_url"] = self.request.build_absolute_uri(
            reverse("deputies:activity_public", args=[self.object.public_code])
        )
        return context


def _svg(url: str) -> HttpResponse:
    response = HttpResponse(qr_svg(url), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    return response


class DeputyQRView(View):
    """The deputy code as a printable SVG; it carries only the public code."""

    def get(self, request, code):
        deputy = selectors.deputy_by_public_code(code)
        if deputy is None:
            raise Http404
        return _svg(request.build_absolute_uri(reverse("deputies:deputy_public", args=[code])))


class ActivityQRView(View):
    def get(self, request, code):
        if selectors.activity_by_public_code(code) is None:
            raise Http404
        return _svg(request.build_absolute_uri(reverse("deputies:activity_public", args=[code])))


class DeputyPublicView(View):
    """The page a resident reaches by scanning a deputy code: public profile and the way to send an opinion."""

    def get(self, request, code):
        deputy = selectors.deputy_by_public_code(code)
        if deputy is None:
            raise Http404
        tags = list(deputy.person.expertise_tags.all())
        return render(request, "deputies/public/deputy.html", {"deputy": deputy, "tags": tags})


CHECK_IN_MAX_FAILURES = 5
CHECK_IN_LOCK_SECONDS = 15 * 60


def _check_in_lock_key(request, code: str) -> str:
    return f"deputies:check-in-failures:{code}:{client_ip(request)}"


class ActivityPublicView(View):
    """Check-in and feedback page reached by the activity code; deputies sign in by code or login."""

    def _mandate(self, request, activity):
        if not roles.is_deputy(request.user):
            return None
        mandates = list(selectors.deputy_mandates_for_user(request.user))
        inside = [m for m in mandates if activity.region.contains(m.region) or m.region.contains(activity.region)]
        return (inside or mandates or [None])[0]

    def get(self, request, code, form=None, done=None):
        activity = selectors.activity_by_public_code(code)
        if activity is None:
            raise Http404
        return render(
            request,
            "deputies/public/activity.html",
            {
                "activity": activity,
                "form": form or PublicCheckInForm(),
                "mandate": self._mandate(request, activity),
                "done": done,
            },
        )

    def post(self, request, code):
        activity = selectors.activity_by_public_code(code)
        if activity is None:
            raise Http404
        form = PublicCheckInForm(request.POST)
        if not form.is_valid():
            return self.get(request, code, form=form)
        mandate = self._mandate(request, activity)
        # Four digits are guessable: a few wrong tries from one address lock the form for a while.
        lock_key = _check_in_lock_key(request, code)
        if cache.get(lock_key, 0) >= CHECK_IN_MAX_FAILURES:
            form.add_error(None, _("尝试次数过多，请15分钟后再试。"))
            return self.get(request, code, form=form)
        try:
            if mandate is not None and not form.cleaned_data["deputy_code"]:
                check_in = services.check_in_by_login(
                    actor=request.user, activity=activity, deputy=mandate, feedback=form.cleaned_data["feedback"]
                )
            else:
                check_in = services.check_in_by_code(
                    activity=activity,
                    deputy_code=form.cleaned_data["deputy_code"],
                    mobile_last4=form.cleaned_data["mobile_last4"],
                    feedback=form.cleaned_data["feedback"],
                )
        except ApplicationError as exc:
            cache.set(lock_key, cache.get(lock_key, 0) + 1, CHECK_IN_LOCK_SECONDS)
            form.add_error(None, exc.message)
            return self.get(request, code, form=form)
        return self.get(request, code, done=check_in)
