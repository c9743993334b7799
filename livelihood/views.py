"""Pages: thin adapters that read through selectors and write through services."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from core.exceptions import ApplicationError
from core.views import ScopedDetailView, ScopedListView

from . import forms, selectors, services
from .models import LivelihoodCall, LivelihoodCandidate, VoteSession


class CallListView(ScopedListView):
    model = LivelihoodCall
    template_name = "livelihood/call_list.html"

    def get_base_queryset(self):
        return selectors.call_list(user=self.request.user)


class CallDetailView(ScopedDetailView):
    model = LivelihoodCall
    template_name = "livelihood/call_detail.html"
    context_object_name = "call"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(selectors.call_page(user=self.request.user, call=self.object))
        return context


class CallActionView(LoginRequiredMixin, TemplateView):
    """One service call on one visible call, with an optional form page.

    GET shows the form (or returns to the call when there is none); POST
    validates, calls ``perform`` and returns to the call; a broken domain
    rule lands on the form, or in a message for button-only actions.
    """

    model = LivelihoodCall
    form_class = None
    template_name = "livelihood/action_form.html"
    title = ""
    submit_label = gettext_lazy("提交")
    submit_testid = "submit"
    success_message = gettext_lazy("已保存。")

    def get_object(self):
        if not hasattr(self, "_object"):
            self._object = get_object_or_404(self.model.objects.visible_to(self.request.user), pk=self.kwargs["pk"])
        return self._object

    def get_form(self):
        if self.form_class is None:
            return None
        data = (self.request.POST, self.request.FILES) if self.request.method == "POST" else ()
        return self.form_class(*data, user=self.request.user, obj=self.get_object())

    def get_success_url(self) -> str:
        return self.get_object().get_absolute_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.get_form())
        context.update(
            object=self.get_object(),
            title=self.title,
            submit_label=self.submit_label,
            submit_testid=self.submit_testid,
            cancel_url=self.get_success_url(),
        )
        return context

    def get(self, request, *args, **kwargs):
        if self.form_class is None:
            return redirect(self.get_success_url())
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form is not None and not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            self.perform(form.cleaned_data if form is not None else {})
        except (ApplicationError, DjangoValidationError) as exc:
            message = exc.message if isinstance(exc, ApplicationError) else "；".join(exc.messages)
            if form is None:
                messages.error(request, message)
                return redirect(self.get_success_url())
            form.add_error(getattr(exc, "field", None) if getattr(exc, "field", None) in form.fields else None, message)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, self.success_message)
        return redirect(self.get_success_url())

    def perform(self, data):
        raise NotImplementedError


class LivelihoodProposeView(CallActionView):
    form_class = forms.LivelihoodProposalForm
    title = gettext_lazy("提出民生实事项目建议")
    submit_testid = "btn-livelihood-propose"
    success_message = gettext_lazy("项目建议已提交。")

    def perform(self, data):
        services.livelihood_proposal_submit(actor=self.request.user, call=self.get_object(), **data)


class CandidateCreateView(CallActionView):
    form_class = forms.CandidateForm
    title = gettext_lazy("新增候选项目")
    submit_testid = "btn-candidate"

    def perform(self, data):
        services.livelihood_candidate_create(actor=self.request.user, call=self.get_object(), **data)


class VoteOpenView(CallActionView):
    form_class = forms.VoteOpenForm
    title = gettext_lazy("开始票决")
    submit_testid = "btn-vote-open"
    success_message = gettext_lazy("票决已开始。")

    def perform(self, data):
        services.vote_open(actor=self.request.user, call=self.get_object(), **data)


class BallotView(CallActionView):
    form_class = forms.BallotForm
    title = gettext_lazy("民生实事项目票决")
    submit_label = gettext_lazy("投票")
    submit_testid = "btn-ballot"
    success_message = gettext_lazy("投票成功。您的选择不会与您的姓名关联保存。")

    def perform(self, data):
        vote = get_object_or_404(VoteSession, call=self.get_object())
        choices = {int(name.split("_", 1)[1]): value for name, value in data.items()}
        services.ballot_cast(actor=self.request.user, vote=vote, choices=choices)


class VoteCloseView(CallActionView):
    success_message = gettext_lazy("已计票。")

    def perform(self, data):
        services.vote_close(actor=self.request.user, vote=get_object_or_404(VoteSession, call=self.get_object()))


class VotePublishView(CallActionView):
    success_message = gettext_lazy("票决结果已公布。")

    def perform(self, data):
        services.vote_publish(actor=self.request.user, vote=get_object_or_404(VoteSession, call=self.get_object()))


class ProgressReportView(CallActionView):
    model = LivelihoodCandidate
    form_class = forms.ProgressForm
    title = gettext_lazy("报告项目进展")
    submit_testid = "btn-progress"

    def get_object(self):
        if not hasattr(self, "_object"):
            self._object = get_object_or_404(selectors.candidate_list(user=self.request.user), pk=self.kwargs["pk"])
        return self._object

    def get_success_url(self) -> str:
        return self.get_object().call.get_absolute_url()

    def perform(self, data):
        services.project_progress_report(actor=self.request.user, candidate=self.get_object(), **data)
