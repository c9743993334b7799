"""Pages: thin adapters that read through selectors and write through services."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView, TemplateView

from accounts import roles
from core.exceptions import ApplicationError
from core.forms import ConfirmForm
from core.media import file_response
from core.rights import action_names, can
from core.views import (
    ActionPage,
    ScopedDetailView,
    ScopedListView,
    ServiceFormView,
    StaffRequiredMixin,
    TransitionView,
    form_data,
)
from liaison_stations.models import OpinionItem

from . import forms, selectors, services
from .choices import ProposalKind, ProposalStatus, UnitRole
from .filters import AssignmentFilterSet, ProposalFilterSet
from .models import Assignment, Attachment, ExtensionRequest, Proposal, Session


class ProposalHomeView(LoginRequiredMixin, TemplateView):
    """Deputies go to their space, handling units to their queue, staff to the overview."""

    def get(self, request, *args, **kwargs):
        if roles.is_deputy(request.user):
            return redirect("proposals:my_space")
        if roles.is_unit_staff(request.user):
            return redirect("proposals:unit_queue")
        if roles.is_office_staff(request.user):
            return redirect("proposals:overview")
        raise PermissionDenied


# Lists and detail
# ------------------------------------------------------------------------------


class ProposalListView(ScopedListView):
    model = Proposal
    template_name = "proposals/proposal_list.html"
    filterset_class = ProposalFilterSet
    export_kind = "proposals.proposal_export"
    export_title = gettext_lazy("议案建议清单导出")

    def get_base_queryset(self):
        return selectors.proposal_list(user=self.request.user)

    def export_allowed(self) -> bool:
        return roles.is_office_staff(self.request.user)


class ProposalDetailView(ScopedDetailView):
    """The record, its history, and what the reader may do to it now (``core.rights``)."""

    model = Proposal
    template_name = "proposals/proposal_detail.html"
    context_object_name = "proposal"

    def get_queryset(self):
        return super().get_queryset().select_related("session__congress", "deputy__person", "region")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        proposal, user = self.object, self.request.user
        actions = action_names(user, proposal)
        assignments = list(proposal.assignments.select_related("unit").prefetch_related("extensions"))
        for assignment in assignments:
            assignment.proposal = proposal
        tasks = [(a, names) for a in assignments if a.active and (names := action_names(user, a))]
        context.update(
            actions=actions,
            campaign_items=proposal.campaign_suggestions.visible_to(user),
            assignments=assignments,
            tasks=tasks,
            cosignatures=proposal.cosignatures.select_related("deputy__person"),
            attachments=proposal.attachments.all(),
            replies=proposal.replies.select_related("unit", "rating").prefetch_related("attachments"),
            contacts=proposal.contacts.select_related("unit"),
            events=proposal.events.select_related("actor"),
            supervision=getattr(proposal, "key_supervision", None),
            similar=selectors.similar_titles(proposal=proposal) if "see_similar" in actions else [],
            pending_extensions=[e for a in assignments for e in a.extensions.all() if can(user, "decide", e)],
            show_confidential="see_confidential" in actions,
        )
        return context


class DeputySpaceView(LoginRequiredMixin, TemplateView):
    template_name = "proposals/my_space.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(selectors.deputy_space(user=self.request.user))
        return context


class UnitQueueView(LoginRequiredMixin, ListView):
    template_name = "proposals/unit_queue.html"
    paginate_by = 25

    def get_queryset(self):
        self.filterset = AssignmentFilterSet(
            self.request.GET or None,
            queryset=selectors.unit_queue(user=self.request.user),
            request=self.request,
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        return context


class OverviewView(StaffRequiredMixin, TemplateView):
    template_name = "proposals/overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        sessions = Session.objects.visible_to(user).select_related("congress")
        session = sessions.filter(pk=self.request.GET.get("session") or 0).first() or sessions.first()
        kind = self.request.GET.get("kind") or ""
        if kind not in ProposalKind.values:
            kind = ""
        context.update(
            sessions=sessions,
            session=session,
            kind=kind,
            kinds=ProposalKind.choices,
            overview=selectors.session_overview(user=user, session=session, kind=kind or None) if session else None,
            statuses=ProposalStatus.choices,
        )
        return context


class ScorecardView(StaffRequiredMixin, TemplateView):
    template_name = "proposals/scorecard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        sessions = Session.objects.visible_to(user)
        session = sessions.filter(pk=self.request.GET.get("session") or 0).first()
        context.update(sessions=sessions, session=session, rows=selectors.unit_scorecard(user=user, session=session))
        return context


class DueListView(LoginRequiredMixin, TemplateView):
    """Overdue and due-soon proposals of the office, or of the user's units."""

    template_name = "proposals/due_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        overdue, soon = selectors.due_assignments()
        visible = set(
            Proposal.objects.visible_to(self.request.user)
            .filter(pk__in=[a.proposal_id for a in overdue + soon])
            .values_list("pk", flat=True)
        )
        if roles.is_unit_staff(self.request.user):
            units = set(self.request.user.unit_memberships.values_list("unit_id", flat=True))
            context["overdue"] = [a for a in overdue if a.unit_id in units]
            context["soon"] = [a for a in soon if a.unit_id in units]
        else:
            context["overdue"] = [a for a in overdue if a.proposal_id in visible and a.role == UnitRole.LEAD]
            context["soon"] = [a for a in soon if a.proposal_id in visible and a.role == UnitRole.LEAD]
        return context


class AttachmentDownloadView(LoginRequiredMixin, View):
    """Attachments are served only to users who may see the proposal, never from a public media URL."""

    def get(self, request, pk):
        attachment = get_object_or_404(Attachment.objects.visible_to(request.user), pk=pk)
        return file_response(attachment.file.name, filename=attachment.name)


class PublicReplyListView(ListView):
    """Public disclosure: replies marked public, once rated, without their confidential part. No login."""

    template_name = "proposals/public_list.html"
    paginate_by = 20

    def get_queryset(self):
        return selectors.public_replies()


# Forms and actions
# ------------------------------------------------------------------------------


def _submit_if_asked(request, proposal) -> None:
    """Submit after saving when the deputy pressed 提交; a refused submit keeps the saved draft."""
    if request.POST.get("action") != "submit":
        messages.success(request, _("草稿已保存。"))
        return
    try:
        services.proposal_submit(actor=request.user, proposal=proposal)
    except ApplicationError as exc:
        messages.error(request, _("草稿已保存，但未能提交：%(reason)s") % {"reason": exc.message})
    else:
        messages.success(request, _("已提交，等待工作人员审核。"))


class ProposalCreateView(ServiceFormView):
    template_name = "proposals/proposal_form.html"
    form_class = forms.ProposalForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not roles.is_deputy(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        proposal = services.proposal_create_draft(
            actor=self.request.user,
            session=data["session"],
            kind=data["kind"],
            title=data["title"],
            body=data["body"],
            category=data["category"],
            disclosure_agreed=data["disclosure_agreed"],
            attachments=data["attachments"],
        )
        _submit_if_asked(self.request, proposal)
        return proposal


class ProposalUpdateView(ServiceFormView):
    template_name = "proposals/proposal_form.html"
    form_class = forms.ProposalForm

    def get_object(self):
        if not hasattr(self, "_object"):
            self._object = get_object_or_404(Proposal.objects.visible_to(self.request.user), pk=self.kwargs["pk"])
        return self._object

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can(request.user, "update", self.get_object()):
            raise PermissionDenied(_("当前不能修改该议案建议。"))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_object()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["proposal"] = self.get_object()
        return context

    def perform(self, form):
        data, proposal = form.cleaned_data, self.get_object()
        services.proposal_update_draft(
            actor=self.request.user,
            proposal=proposal,
            title=data["title"],
            body=data["body"],
            category=data["category"],
            kind=data.get("kind"),
            attachments=data["attachments"],
        )
        _submit_if_asked(self.request, proposal)
        return proposal


class StepView(TransitionView):
    """The pages of the workflow steps, on the app's form template (buttons keep their test ids)."""

    template_name = "proposals/action_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        slug = self.kwargs["step"]
        context.update(
            proposal=self.proposal,
            submit_label=SUBMIT_LABELS.get(slug, gettext_lazy("提交")),
            submit_testid=f"btn-{slug}",
            cancel_url=self.target.get_absolute_url(),
        )
        return context

    def post(self, request, *args, **kwargs):
        # A step without a form (a button on the record) reports a refusal on the record.
        if not self.page.form_class.base_fields:
            form = self.get_form()
            form.is_valid()
            try:
                with transaction.atomic():
                    self.perform(form)
            except ApplicationError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, self.success_message)
            return redirect(self.get_success_url(None))
        return super().post(request, *args, **kwargs)


SUBMIT_LABELS = {
    "invite": gettext_lazy("发送邀请"),
    "return": gettext_lazy("退回"),
    "convert": gettext_lazy("转为建议"),
    "assign": gettext_lazy("交办"),
    "reassign": gettext_lazy("调整承办单位"),
    "reply": gettext_lazy("提交答复"),
    "rate": gettext_lazy("提交评价"),
    "contact": gettext_lazy("保存沟通记录"),
}


def _assign(actor, proposal, form):
    return services.proposal_assign(actor=actor, proposal=proposal, **form_data(form))


def _cosign(actor, proposal, form):
    return services.proposal_cosign_confirm(actor=actor, proposal=proposal, accept=form.cleaned_data["accept"])


def _supervision_record(actor, proposal, form):
    return services.supervision_record_add(actor=actor, supervision=proposal.key_supervision, **form_data(form))


class ProposalStepView(StepView):
    """Every step on a proposal: ``<pk>/<step>/``."""

    model = Proposal
    actions = {
        "submit": ActionPage(ConfirmForm, lambda actor, p, form: services.proposal_submit(actor=actor, proposal=p)),
        "invite": ActionPage(
            forms.InviteForm,
            lambda actor, p, form: services.proposal_invite_cosigners(actor=actor, proposal=p, **form_data(form)),
        ),
        "cosign": ActionPage(forms.CosignForm, _cosign),
        "register": ActionPage(ConfirmForm, lambda actor, p, form: services.proposal_register(actor=actor, proposal=p)),
        "return": ActionPage(
            forms.ReasonForm,
            lambda actor, p, form: services.proposal_return(actor=actor, proposal=p, **form_data(form)),
        ),
        "convert": ActionPage(
            forms.ConvertForm,
            lambda actor, p, form: services.proposal_convert_to_suggestion(actor=actor, proposal=p, **form_data(form)),
        ),
        "assign": ActionPage(forms.AssignForm, _assign),
        "reassign": ActionPage(
            forms.ReassignForm,
            lambda actor, p, form: services.proposal_reassign(actor=actor, proposal=p, **form_data(form)),
        ),
        "reply": ActionPage(
            forms.ReplyForm, lambda actor, p, form: services.reply_submit(actor=actor, proposal=p, **form_data(form))
        ),
        "rate": ActionPage(
            forms.RatingForm, lambda actor, p, form: services.reply_rate(actor=actor, proposal=p, **form_data(form))
        ),
        "supervise": ActionPage(
            forms.SuperviseForm,
            lambda actor, p, form: services.key_supervision_set(actor=actor, proposal=p, **form_data(form)),
        ),
        "supervision-record": ActionPage(forms.SupervisionRecordForm, _supervision_record),
    }

    @property
    def proposal(self):
        return self.target

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.kwargs["step"] == "reply":
            context["opinions"] = self.target.assignments.filter(active=True, role=UnitRole.CO).select_related("unit")
        return context


class AssignmentStepView(StepView):
    """A handling unit's steps on its task: ``assignments/<pk>/<step>/``."""

    model = Assignment
    actions = {
        "sign": ActionPage(ConfirmForm, lambda actor, a, form: services.assignment_sign(actor=actor, assignment=a)),
        "contact": ActionPage(
            forms.ContactForm,
            lambda actor, a, form: services.contact_record(actor=actor, assignment=a, **form_data(form)),
        ),
        "stage": ActionPage(
            forms.StageForm,
            lambda actor, a, form: services.handling_stage_complete(actor=actor, assignment=a, **form_data(form)),
        ),
        "extension": ActionPage(
            forms.ExtensionForm,
            lambda actor, a, form: services.extension_request(actor=actor, assignment=a, **form_data(form)),
        ),
        "opinion": ActionPage(
            forms.OpinionForm,
            lambda actor, a, form: services.cohandling_opinion_submit(actor=actor, assignment=a, **form_data(form)),
        ),
    }

    def get_target_queryset(self):
        return super().get_target_queryset().select_related("unit", "proposal")

    @property
    def proposal(self):
        return self.target.proposal


class ExtensionStepView(StepView):
    """The office's decision on a unit's extension request: ``extensions/<pk>/decide/``."""

    model = ExtensionRequest
    actions = {
        "decide": ActionPage(
            forms.DecisionForm,
            lambda actor, e, form: services.extension_decide(actor=actor, extension=e, **form_data(form)),
        ),
    }

    def get_target_queryset(self):
        return super().get_target_queryset().select_related("assignment__proposal")

    @property
    def proposal(self):
        return self.target.assignment.proposal


class ProposalFromOpinionView(LoginRequiredMixin, View):
    """POST: the deputy turns an opinion item into a draft suggestion and goes on editing it."""

    def post(self, request, item_pk: int):
        item = get_object_or_404(OpinionItem.objects.visible_to(request.user), pk=item_pk)
        try:
            proposal = services.proposal_draft_from_opinion(actor=request.user, item=item)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect(item.get_absolute_url())
        messages.success(request, _("已根据民情民意生成建议草稿，请修改后提交。"))
        return redirect(proposal.get_absolute_url())
