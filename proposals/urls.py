from django.urls import path

from . import views

app_name = "proposals"

PROPOSAL_STEP_NAMES = {
    "submit": "proposal_submit",
    "invite": "proposal_invite",
    "cosign": "proposal_cosign",
    "register": "proposal_register",
    "return": "proposal_return",
    "convert": "proposal_convert",
    "assign": "proposal_assign",
    "reassign": "proposal_reassign",
    "reply": "proposal_reply",
    "rate": "proposal_rate",
    "supervise": "proposal_supervise",
    "supervision-record": "supervision_record",
}
ASSIGNMENT_STEP_NAMES = {
    "sign": "assignment_sign",
    "contact": "contact_record",
    "stage": "stage_complete",
    "extension": "extension_request",
    "opinion": "cohandling_opinion",
}
# The record-keeping step has kept its old path.
STEP_PATHS = {"supervision-record": "supervise/record"}


def step_paths(prefix: str, view, names: dict[str, str]):
    return [
        path(f"{prefix}{STEP_PATHS.get(step, step)}/", view.as_view(), {"step": step}, name=name)
        for step, name in names.items()
    ]


urlpatterns = [
    path("", views.ProposalHomeView.as_view(), name="home"),
    path("mine/", views.DeputySpaceView.as_view(), name="my_space"),
    path("list/", views.ProposalListView.as_view(), name="proposal_list"),
    path("new/", views.ProposalCreateView.as_view(), name="proposal_create"),
    path("from-opinion/<int:item_pk>/", views.ProposalFromOpinionView.as_view(), name="proposal_from_opinion"),
    path("queue/", views.UnitQueueView.as_view(), name="unit_queue"),
    path("overview/", views.OverviewView.as_view(), name="overview"),
    path("scorecard/", views.ScorecardView.as_view(), name="scorecard"),
    path("due/", views.DueListView.as_view(), name="due_list"),
    path("public/", views.PublicReplyListView.as_view(), name="public_list"),
    path("<int:pk>/", views.ProposalDetailView.as_view(), name="proposal_detail"),
    path("<int:pk>/edit/", views.ProposalUpdateView.as_view(), name="proposal_update"),
    path("attachments/<int:pk>/", views.AttachmentDownloadView.as_view(), name="attachment_download"),
    # Workflow steps: one view per model, the step in the path; the names of the
    # former one-view-per-step URLs stay, so templates and links keep working.
    *step_paths("<int:pk>/", views.ProposalStepView, PROPOSAL_STEP_NAMES),
    path("<int:pk>/<slug:step>/", views.ProposalStepView.as_view(), name="proposal_step"),
    *step_paths("assignments/<int:pk>/", views.AssignmentStepView, ASSIGNMENT_STEP_NAMES),
    path("assignments/<int:pk>/<slug:step>/", views.AssignmentStepView.as_view(), name="assignment_step"),
    path("extensions/<int:pk>/<slug:step>/", views.ExtensionStepView.as_view(), name="extension_step"),
    path("extensions/<int:pk>/decide/", views.ExtensionStepView.as_view(), {"step": "decide"}, name="extension_decide"),
]
