"""Staff pages (scoped through core.views) and the public, read-only pages."""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView, TemplateView

from core.exceptions import ApplicationError
from core.exports import xlsx_bytes
from core.rights import available_actions, can
from core.services import job_start
from core.views import ActionPage, ScopedDetailView, ScopedListView, ServiceFormView, StaffRequiredMixin, TransitionView
from deputies.models import Deputy

from . import selectors, services
from .choices import Theme
from .filters import BrandFilterSet, KeyDateFilterSet, PostFilterSet
from .forms import (
    BrandForm,
    BrandInstructionForm,
    BrandPublicationForm,
    ImageUploadForm,
    KeyDateForm,
    PostForm,
    PostNoteForm,
    PostReturnForm,
    PostScheduleForm,
    PostUnpublishForm,
    PostViewsForm,
    ViewsImportForm,
)
from .models import Brand, KeyDate, Post, PostTransition


class PublicityStaffMixin(StaffRequiredMixin):
    """Publicity pages are for the deputy-work offices' staff (the authors); others get a 403."""


# Posts
# ------------------------------------------------------------------------------


class PostListView(PublicityStaffMixin, ScopedListView):
    model = Post
    filterset_class = PostFilterSet
    template_name = "publicity/post_list.html"
    export_kind = "publicity.posts_export"
    export_title = gettext_lazy("宣传稿件导出")

    def get_base_queryset(self):
        return selectors.post_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["export_enabled"] = True
        return context


def _form_data(form, *drop: str) -> dict:
    """Cleaned data for a service call, without the view's own fields."""
    return {k: v for k, v in form.cleaned_data.items() if k not in drop}


def _post_kwargs(form) -> dict:
    data = _form_data(form, "clear_cover")
    for field in ("featured_deputies", "featured_stations", "featured_campaigns"):
        data[field] = list(data.get(field) or [])
    if not data.get("cover_image") or not hasattr(data["cover_image"], "content_type"):
        data["cover_image"] = None  # unchanged, or no new upload
    return data


class PostCreateView(PublicityStaffMixin, ServiceFormView):
    template_name = "publicity/post_form.html"
    form_class = PostForm
    success_message = gettext_lazy("稿件已保存为草稿。")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        initial = {}
        for name in ("planned_date", "theme", "key_date"):
            if self.request.GET.get(name):
                initial[name] = self.request.GET[name]
        kwargs["initial"] = initial
        return kwargs

    def perform(self, form):
        return services.post_create(actor=self.request.user, **_post_kwargs(form))


class PostUpdateView(PublicityStaffMixin, ServiceFormView):
    model = Post
    template_name = "publicity/post_form.html"
    form_class = PostForm
    success_message = gettext_lazy("稿件已保存。")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = selectors.post_get(user=request.user, pk=kwargs["pk"])
            if not can(request.user, "edit", self.object):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.object
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["post"] = self.object
        return context

    def perform(self, form):
        data = _post_kwargs(form)
        return services.post_update(
            actor=self.request.user,
            post=self.object,
            clear_cover=bool(form.cleaned_data.get("clear_cover")),
            **data,
        )


def _note(form) -> str:
    return form.cleaned_data.get("note", "")


class PostTransitionView(PublicityStaffMixin, TransitionView):
    """Every workflow step of a post: ``posts/<pk>/<step>/`` (the detail page embeds their forms)."""

    model = Post
    subnav_template = "publicity/includes/subnav.html"
    actions = {
        "submit": ActionPage(
            PostNoteForm,
            run=lambda actor, post, form: services.post_submit_for_review(actor=actor, post=post, note=_note(form)),
        ),
        "approve": ActionPage(
            PostNoteForm, run=lambda actor, post, form: services.post_approve(actor=actor, post=post, note=_note(form))
        ),
        "return": ActionPage(
            PostReturnForm,
            run=lambda actor, post, form: services.post_return(actor=actor, post=post, comments=_note(form)),
        ),
        "schedule": ActionPage(
            PostScheduleForm,
            run=lambda actor, post, form: services.post_schedule(
                actor=actor, post=post, publish_at=form.cleaned_data["publish_at"], note=_note(form)
            ),
        ),
        "publish": ActionPage(
            PostNoteForm, run=lambda actor, post, form: services.post_publish(actor=actor, post=post, note=_note(form))
        ),
        "unpublish": ActionPage(
            PostUnpublishForm,
            run=lambda actor, post, form: services.post_unpublish(actor=actor, post=post, note=_note(form)),
        ),
    }


class PostDetailView(PublicityStaffMixin, ScopedDetailView):
    model = Post
    queryset = Post.objects.select_related("region", "author", "key_date").prefetch_related(
        Prefetch("featured_deputies", queryset=Deputy.objects.select_related("person")),
        Prefetch("transitions", queryset=PostTransition.objects.select_related("actor")),
    )
    template_name = "publicity/post_detail.html"
    context_object_name = "post"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        post, user = self.object, self.request.user
        offered = available_actions(user, post)
        pages = PostTransitionView.actions
        context["actions"] = {step.name for step in offered}
        context["step_forms"] = [
            (step, pages[step.name].form_class(user=user, target=post)) for step in offered if step.name in pages
        ]
        context["views_form"] = PostViewsForm(initial={"date": timezone.localdate()})
        context["daily_views"] = post.daily_views.all()[:31]
        return context


@method_decorator(require_POST, name="dispatch")
class PostViewsRecordView(PublicityStaffMixin, LoginRequiredMixin, View):
    def post(self, request, pk: int):
        post = selectors.post_get(user=request.user, pk=pk)
        form = PostViewsForm(request.POST)
        if form.is_valid():
            try:
                services.post_record_views(actor=request.user, post=post, **_form_data(form))
            except ApplicationError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("阅读量已登记。"))
        else:
            messages.error(request, _("请填写日期和阅读量。"))
        return redirect(post.get_absolute_url())


@method_decorator(require_POST, name="dispatch")
class ImageUploadView(PublicityStaffMixin, LoginRequiredMixin, View):
    """Editor image upload: returns the stored image's URL for insertion into the body."""

    def post(self, request):
        form = ImageUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return JsonResponse({"error": _("请选择图片文件。")}, status=400)
        try:
            stored = services.post_image_upload(actor=request.user, image=form.cleaned_data["image"])
        except ApplicationError as exc:
            return JsonResponse({"error": exc.message}, status=400)
        return JsonResponse({"url": stored.image.url, "width": stored.width, "height": stored.height}, status=201)


class ViewsImportView(PublicityStaffMixin, ServiceFormView):
    template_name = "publicity/views_import.html"
    form_class = ViewsImportForm

    def perform(self, form):
        return job_start(
            actor=self.request.user,
            kind="publicity.views_import",
            title=_("导入稿件阅读量"),
            input_file=form.cleaned_data["file"],
        )

    def get_success_url(self, result) -> str:
        return reverse("core:job_detail", args=[result.pk])


class ViewsImportTemplateView(PublicityStaffMixin, LoginRequiredMixin, View):
    """The import file's layout, with one example row."""

    def get(self, request):
        content = xlsx_bytes(
            {"阅读量": (["稿件编号", "日期", "阅读量"], [[1, timezone.localdate().isoformat(), 1000]])}
        )
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = 'attachment; filename="publicity-views-template.xlsx"'
        return response


# Calendar and statistics
# ------------------------------------------------------------------------------


def _month_from(value: str | None) -> date:
    today = timezone.localdate()
    try:
        year, month = (int(part) for part in (value or "").split("-", 1))
        return date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


class CalendarView(PublicityStaffMixin, LoginRequiredMixin, TemplateView):
    template_name = "publicity/calendar.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        first = _month_from(self.request.GET.get("month"))
        weeks = selectors.editorial_calendar(user=self.request.user, year=first.year, month=first.month)
        previous = (first.replace(day=1) - timedelta(days=1)).replace(day=1)
        following = (first.replace(day=28) + timedelta(days=7)).replace(day=1)
        context.update(
            month=first,
            weeks=weeks,
            gap_count=sum(1 for week in weeks for day in week if day.is_gap),
            previous_month=f"{previous:%Y-%m}",
            next_month=f"{following:%Y-%m}",
            today=timezone.localdate(),
            weekdays=[_("星期一"), _("星期二"), _("星期三"), _("星期四"), _("星期五"), _("星期六"), _("星期日")],
        )
        return context


class StatsView(PublicityStaffMixin, LoginRequiredMixin, TemplateView):
    template_name = "publicity/stats.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            year = int(self.request.GET.get("year", ""))
        except ValueError:
            year = timezone.localdate().year
        user = self.request.user
        context.update(
            year=year,
            years=range(timezone.localdate().year, timezone.localdate().year - 5, -1),
            by_theme=selectors.post_counts_by_theme(user=user, year=year),
            by_region=selectors.post_counts_by_region(user=user, year=year),
            totals=selectors.post_totals(user=user, year=year),
        )
        return context


# Key dates
# ------------------------------------------------------------------------------


class KeyDateListView(PublicityStaffMixin, ScopedListView):
    model = KeyDate
    queryset = KeyDate.objects.select_related("region")
    filterset_class = KeyDateFilterSet
    template_name = "publicity/keydate_list.html"


class KeyDateCreateView(PublicityStaffMixin, ServiceFormView):
    template_name = "publicity/keydate_form.html"
    form_class = KeyDateForm
    success_message = gettext_lazy("重要节点已保存。")

    def perform(self, form):
        return services.key_date_create(actor=self.request.user, **_form_data(form))

    def get_success_url(self, result) -> str:
        return reverse("publicity:keydate_list")


class KeyDateUpdateView(KeyDateCreateView):
    model = KeyDate

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = selectors.key_date_get(user=request.user, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def perform(self, form):
        return services.key_date_update(actor=self.request.user, key_date=self.object, **_form_data(form))


# Brands and experiences
# ------------------------------------------------------------------------------


class BrandListView(PublicityStaffMixin, ScopedListView):
    model = Brand
    filterset_class = BrandFilterSet
    template_name = "publicity/brand_list.html"
    export_kind = "publicity.brands_export"
    export_title = gettext_lazy("工作品牌与经验导出")

    def get_base_queryset(self):
        return selectors.brand_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["export_enabled"] = True
        return context


class BrandDetailView(PublicityStaffMixin, ScopedDetailView):
    model = Brand
    queryset = Brand.objects.select_related("region").prefetch_related("publications", "instructions")
    template_name = "publicity/brand_detail.html"
    context_object_name = "brand"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("publication_form", BrandPublicationForm())
        context.setdefault("instruction_form", BrandInstructionForm())
        return context


class BrandCreateView(PublicityStaffMixin, ServiceFormView):
    template_name = "publicity/brand_form.html"
    form_class = BrandForm
    success_message = gettext_lazy("已保存。")

    def perform(self, form):
        return services.brand_create(actor=self.request.user, **_form_data(form))


class BrandUpdateView(BrandCreateView):
    model = Brand

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = selectors.brand_get(user=request.user, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def perform(self, form):
        return services.brand_update(actor=self.request.user, brand=self.object, **_form_data(form))


@method_decorator(require_POST, name="dispatch")
class BrandRecordAddView(PublicityStaffMixin, LoginRequiredMixin, View):
    """Add a publication/endorsement or a leadership instruction to a brand."""

    forms = {"publication": BrandPublicationForm, "instruction": BrandInstructionForm}
    actions = {"publication": services.brand_publication_add, "instruction": services.brand_instruction_add}

    def post(self, request, pk: int, record: str):
        brand = selectors.brand_get(user=request.user, pk=pk)
        if record not in self.forms:
            raise PermissionDenied
        form = self.forms[record](request.POST)
        if form.is_valid():
            try:
                self.actions[record](actor=request.user, brand=brand, **_form_data(form))
            except ApplicationError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("已保存。"))
                return redirect(brand.get_absolute_url())
        else:
            messages.error(request, _("请检查填写的内容。"))
        return redirect(brand.get_absolute_url())


# Public pages: no login, published posts only
# ------------------------------------------------------------------------------

PUBLIC_CACHE = cache_control(public=True, max_age=300)


@method_decorator(PUBLIC_CACHE, name="dispatch")
class PublicPostListView(ListView):
    template_name = "publicity/public/post_list.html"
    context_object_name = "posts"
    paginate_by = 12

    def get_queryset(self):
        self.theme = self.request.GET.get("theme") if self.request.GET.get("theme") in Theme.values else ""
        return selectors.post_list_public(theme=self.theme or None)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["themes"] = Theme.choices
        context["theme"] = self.theme
        context["theme_label"] = Theme(self.theme).label if self.theme else ""
        return context


@method_decorator(PUBLIC_CACHE, name="dispatch")
class PublicPostView(DetailView):
    template_name = "publicity/public/post_detail.html"
    context_object_name = "post"

    def get_object(self, queryset=None):
        return selectors.post_get_public(public_key=self.kwargs["public_key"])
