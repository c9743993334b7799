"""Pages: thin adapters that read through selectors and write through services."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView, TemplateView

from accounts.choices import Role
from core.exceptions import ApplicationError
from core.views import ScopedDetailView, ScopedListView, ServiceFormView, StaffRequiredMixin

from . import forms, selectors, services
from .choices import IN_HANDLING, ProposalKind, ProposalStatus, UnitRole
from .filters import AssignmentFilterSet, ProposalFilterSet
from .models import Assignment, Attachment, ExtensionRequest, Proposal, Session


class ProposalHomeView(LoginRequiredMixin, TemplateView):
    """Deputies go to their space, handling units to their queue, staff to the overview."""

    def get(self, request, *args, **kwargs):
        role = request.user.role
        if role == Role.DEPUTY:
            return redirect("proposals:my_space")
        if role == Role.UNIT_STAFF:
            return redirect("proposals:unit_queue")
        if request.user.is_office_staff:
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
        return self.request.user.is_office_staff


class ProposalDetailView(ScopedDetailView):
    model = Proposal
    template_name = "proposals/proposal_detail.html"
    context_object_name = "proposal"

    def get_queryset(self):
        return super().get_queryset().select_related("session__congress", "deputy__person", "region")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        proposal, user = self.object, self.request.user
        from campaigns.models import SuggestionItem

        context["campaign_items"] = SuggestionItem.objects.visible_to(user).filter(formal_suggestion=proposal)
        is_owner = proposal.deputy.person.user_id == user.pk
        is_staff = user.is_office_staff
        assignments = list(proposal.assignments.select_related("unit").prefetch_related("extensions"))
        my_units = (
            set(user.unit_memberships.values_list("unit_id", flat=True)) if user.role == Role.UNIT_STAFF else set()
        )
        mine = [a for a in assignments if a.active and a.unit_id in my_units]
        context.update(
            is_owner=is_owner,
            is_staff=is_staff,
            is_unit=bool(mine),
            assignments=assignments,
            my_assignments=mine,
            my_lead=next((a for a in mine if a.role == UnitRole.LEAD), None),
            cosignatures=proposal.cosignatures.select_related("deputy__person"),
            my_invitation=proposal.cosignatures.filter(deputy__person__user=user, status="invited").first(),
            attachments=proposal.attachments.all(),
            replies=proposal.replies.select_related("unit", "rating").prefetch_related("attachments"),
            contacts=proposal.contacts.select_related("unit"),
            events=proposal.events.select_related("actor"),
            supervision=getattr(proposal, "key_supervision", None),
            similar=selectors.similar_titles(proposal=proposal) if is_staff else [],
            in_handling=proposal.status in IN_HANDLING,
            pending_extensions=[e for a in assignments for e in a.extensions.all() if e.status == "pending"],
            show_confidential=is_owner or is_staff or bool(mine),
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
        if self.request.user.role == Role.UNIT_STAFF:
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
        return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


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
        if request.user.is_authenticated and request.user.role != Role.DEPUTY:
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


class ActionView(LoginRequiredMixin, TemplateView):
    """One service call on one visible record, with an optional form page.

    GET shows the form (or returns to the record when there is none); POST
    validates, calls ``perform`` and returns to the record; a broken domain
    rule lands on the form, or in a message for button-only actions.
    """

    model = Proposal
    form_class = None
    template_name = "proposals/action_form.html"
    title = ""
    submit_label = gettext_lazy("提交")
    submit_testid = "submit"
    success_message = gettext_lazy("已保存。")

    def get_object(self):
        if not hasattr(self, "_object"):
            qs = self.model.objects.visible_to(self.request.user)
            self._object = get_object_or_404(qs, pk=self.kwargs["pk"])
        return self._object

    def get_proposal(self):
        return self.get_object()

    def get_form(self):
        if self.form_class is None:
            return None
        data = (self.request.POST, self.request.FILES) if self.request.method == "POST" else ()
        return self.form_class(*data, user=self.request.user, obj=self.get_object())

    def get_success_url(self) -> str:
        return self.get_proposal().get_absolute_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.get_form())
        context.update(
            object=self.get_object(),
            proposal=self.get_proposal(),
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


class ProposalSubmitView(ActionView):
    success_message = gettext_lazy("已提交，等待工作人员审核。")

    def perform(self, data):
        services.proposal_submit(actor=self.request.user, proposal=self.get_object())


class ProposalInviteView(ActionView):
    form_class = forms.InviteForm
    title = gettext_lazy("邀请代表附议")
    submit_label = gettext_lazy("发送邀请")
    submit_testid = "btn-invite"
    success_message = gettext_lazy("已发送附议邀请。")

    def perform(self, data):
        services.proposal_invite_cosigners(
            actor=self.request.user, proposal=self.get_object(), deputies=data["deputies"]
        )


class ProposalCosignView(ActionView):
    success_message = gettext_lazy("已答复附议邀请。")

    def perform(self, data):
        accept = self.request.POST.get("accept") != "0"
        services.proposal_cosign_confirm(actor=self.request.user, proposal=self.get_object(), accept=accept)


class ProposalRegisterView(ActionView):
    success_message = gettext_lazy("已立案并编号。")

    def perform(self, data):
        services.proposal_register(actor=self.request.user, proposal=self.get_object())


class ProposalReturnView(ActionView):
    form_class = forms.ReasonForm
    title = gettext_lazy("退回修改")
    submit_label = gettext_lazy("退回")
    submit_testid = "btn-return"
    success_message = gettext_lazy("已退回代表修改。")

    def perform(self, data):
        services.proposal_return(actor=self.request.user, proposal=self.get_object(), reason=data["reason"])


class ProposalConvertView(ActionView):
    form_class = forms.ConvertForm
    title = gettext_lazy("议案转为建议")
    submit_label = gettext_lazy("转为建议")
    submit_testid = "btn-convert"
    success_message = gettext_lazy("已将议案转为建议。")

    def perform(self, data):
        services.proposal_convert_to_suggestion(
            actor=self.request.user, proposal=self.get_object(), kind=data["kind"], note=data["note"]
        )


class ProposalAssignView(ActionView):
    form_class = forms.AssignForm
    title = gettext_lazy("交办承办单位")
    submit_label = gettext_lazy("交办")
    submit_testid = "btn-assign"
    success_message = gettext_lazy("已交办。")

    def perform(self, data):
        proposal = self.get_object()
        if proposal.status == ProposalStatus.REGISTERED:
            services.proposal_assign(
                actor=self.request.user, proposal=proposal, lead_unit=data["lead_unit"], co_units=data["co_units"]
            )
        else:
            services.proposal_reassign(
                actor=self.request.user,
                proposal=proposal,
                lead_unit=data["lead_unit"],
                co_units=data["co_units"],
                reason=data.get("reason", ""),
            )


class ProposalReplyView(ActionView):
    form_class = forms.ReplyForm
    title = gettext_lazy("答复代表")
    submit_label = gettext_lazy("提交答复")
    submit_testid = "btn-reply"
    success_message = gettext_lazy("答复已提交，等待代表评价。")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["opinions"] = self.get_object().assignments.filter(active=True, role=UnitRole.CO).select_related("unit")
        return context

    def perform(self, data):
        services.reply_submit(
            actor=self.request.user,
            proposal=self.get_object(),
            text=data["text"],
            classification=data["classification"],
            is_public=data["is_public"],
            confidential_text=data["confidential_text"],
            attachments=data["attachments"],
        )


class ProposalRateView(ActionView):
    form_class = forms.RatingForm
    title = gettext_lazy("评价办理答复")
    submit_label = gettext_lazy("提交评价")
    submit_testid = "btn-rate"
    success_message = gettext_lazy("感谢您的评价。")

    def perform(self, data):
        services.reply_rate(
            actor=self.request.user,
            proposal=self.get_object(),
            work_rating=data["work_rating"],
            result_rating=data["result_rating"],
            comment=data["comment"],
        )


class ProposalSuperviseView(ActionView):
    form_class = forms.SuperviseForm
    title = gettext_lazy("列为重点督办")
    submit_testid = "btn-supervise"

    def perform(self, data):
        services.key_supervision_set(
            actor=self.request.user, proposal=self.get_object(), leader=data["leader"], reason=data["reason"]
        )


class SupervisionRecordView(ActionView):
    form_class = forms.SupervisionRecordForm
    title = gettext_lazy("记录督办情况")
    submit_testid = "btn-supervision-record"

    def perform(self, data):
        proposal = self.get_object()
        if not hasattr(proposal, "key_supervision"):
            raise Http404
        services.supervision_record_add(
            actor=self.request.user,
            supervision=proposal.key_supervision,
            happened_on=data["happened_on"],
            content=data["content"],
        )


class AssignmentActionView(ActionView):
    model = Assignment

    def get_proposal(self):
        return self.get_object().proposal


class AssignmentSignView(AssignmentActionView):
    success_message = gettext_lazy("已签收。")

    def perform(self, data):
        services.assignment_sign(actor=self.request.user, assignment=self.get_object())


class ContactRecordView(AssignmentActionView):
    form_class = forms.ContactForm
    title = gettext_lazy("记录与代表的沟通联系")
    submit_label = gettext_lazy("保存沟通记录")
    submit_testid = "btn-contact"
    success_message = gettext_lazy("沟通记录已保存。")

    def perform(self, data):
        services.contact_record(actor=self.request.user, assignment=self.get_object(), **data)


class StageCompleteView(AssignmentActionView):
    form_class = forms.StageForm
    title = gettext_lazy("完成本办理阶段")
    submit_testid = "btn-stage"
    success_message = gettext_lazy("已进入下一办理阶段。")

    def perform(self, data):
        services.handling_stage_complete(actor=self.request.user, assignment=self.get_object(), note=data["note"])


class ExtensionRequestView(AssignmentActionView):
    form_class = forms.ExtensionForm
    title = gettext_lazy("申请延期")
    submit_testid = "btn-extension"
    success_message = gettext_lazy("延期申请已提交。")

    def perform(self, data):
        services.extension_request(actor=self.request.user, assignment=self.get_object(), **data)


class OpinionView(AssignmentActionView):
    form_class = forms.OpinionForm
    title = gettext_lazy("提交协办意见")
    submit_testid = "btn-opinion"

    def perform(self, data):
        services.cohandling_opinion_submit(actor=self.request.user, assignment=self.get_object(), **data)


class ExtensionDecideView(ActionView):
    model = ExtensionRequest
    form_class = forms.DecisionForm
    title = gettext_lazy("审批延期申请")
    submit_testid = "btn-extension-decide"

    def get_proposal(self):
        return self.get_object().assignment.proposal

    def perform(self, data):
        services.extension_decide(actor=self.request.user, extension=self.get_object(), **data)


class ProposalFromOpinionView(LoginRequiredMixin, View):
    """POST: the deputy turns an opinion item into a draft suggestion and goes on editing it."""

    def post(self, request, item_pk: int):
        from liaison_stations.models import OpinionItem

        item = get_object_or_404(OpinionItem.objects.visible_to(request.user), pk=item_pk)
        try:
            proposal = services.proposal_draft_from_opinion(actor=request.user, item=item)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect(item.get_absolute_url())
        messages.success(request, _("已根据民情民意生成建议草稿，请修改后提交。"))
        return redirect(proposal.get_absolute_url())
