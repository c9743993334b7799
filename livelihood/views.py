"""Pages: thin adapters that read through selectors and write through services."""

from functools import cached_property

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.generic import RedirectView

from core.forms import ConfirmForm
from core.views import ActionPage, ScopedDetailView, ScopedListView, TransitionView, form_data

from . import forms, selectors, services
from .models import LivelihoodCall, VoteSession


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


# Workflow steps
# ------------------------------------------------------------------------------


class LivelihoodStepView(TransitionView):
    """The step pages of this app, under the proposals menu."""

    subnav_template = "proposals/includes/nav.html"


def _report_progress(actor, call, form):
    data = form_data(form)
    candidate = data.pop("candidate")
    return services.project_progress_report(actor=actor, candidate=candidate, **data)


class CallStepView(LivelihoodStepView):
    """Every step on a call: ``<pk>/<step>/``."""

    model = LivelihoodCall
    actions = {
        "propose": ActionPage(
            forms.LivelihoodProposalForm,
            lambda actor, call, form: services.livelihood_proposal_submit(actor=actor, call=call, **form_data(form)),
            title=gettext_lazy("提出民生实事项目建议"),
        ),
        "add-candidate": ActionPage(
            forms.CandidateForm,
            lambda actor, call, form: services.livelihood_candidate_create(actor=actor, call=call, **form_data(form)),
        ),
        "open-vote": ActionPage(
            forms.VoteOpenForm,
            lambda actor, call, form: services.vote_open(actor=actor, call=call, **form_data(form)),
        ),
        "report-progress": ActionPage(forms.ProgressForm, _report_progress, title=gettext_lazy("报告项目进展")),
    }

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.request.method == "GET" and "candidate" in self.request.GET:
            kwargs["initial"] = {"candidate": self.request.GET["candidate"]}
        return kwargs


class VoteStepView(LivelihoodStepView):
    """Every step on a call's vote: ``<call pk>/vote/<step>/`` (a vote is addressed by its call)."""

    model = VoteSession
    actions = {
        "cast": ActionPage(
            forms.BallotForm,
            lambda actor, vote, form: services.ballot_cast(actor=actor, vote=vote, choices=form.choices()),
            title=gettext_lazy("民生实事项目票决"),
        ),
        "close": ActionPage(ConfirmForm, lambda actor, vote, form: services.vote_close(actor=actor, vote=vote)),
        "publish": ActionPage(ConfirmForm, lambda actor, vote, form: services.vote_publish(actor=actor, vote=vote)),
    }

    def get_target_queryset(self):
        # A vote has no region of its own: it is visible with its call.
        return VoteSession.objects.filter(call__in=selectors.call_list(user=self.request.user)).select_related("call")

    @cached_property
    def target(self):
        return get_object_or_404(self.get_target_queryset(), call_id=self.kwargs["pk"])

    @property
    def success_message(self):
        if self.kwargs["step"] == "cast":
            return gettext_lazy("投票成功。您的选择不会与您的姓名关联保存。")
        return super().success_message


class ProgressReportRedirectView(LoginRequiredMixin, RedirectView):
    """The former per-candidate address of the progress step: the call's step, with the project chosen."""

    def get_redirect_url(self, *args, **kwargs):
        candidate = get_object_or_404(selectors.candidate_list(user=self.request.user), pk=kwargs["pk"])
        url = reverse("livelihood:call_step", args=[candidate.call_id, "report-progress"])
        return f"{url}?candidate={candidate.pk}"
