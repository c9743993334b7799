from django.urls import path

from . import views

app_name = "proposals"

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
    path("<int:pk>/submit/", views.ProposalSubmitView.as_view(), name="proposal_submit"),
    path("<int:pk>/invite/", views.ProposalInviteView.as_view(), name="proposal_invite"),
    path("<int:pk>/cosign/", views.ProposalCosignView.as_view(), name="proposal_cosign"),
    path("<int:pk>/register/", views.ProposalRegisterView.as_view(), name="proposal_register"),
    path("<int:pk>/return/", views.ProposalReturnView.as_view(), name="proposal_return"),
    path("<int:pk>/convert/", views.ProposalConvertView.as_view(), name="proposal_convert"),
    path("<int:pk>/assign/", views.ProposalAssignView.as_view(), name="proposal_assign"),
    path("<int:pk>/reply/", views.ProposalReplyView.as_view(), name="proposal_reply"),
    path("<int:pk>/rate/", views.ProposalRateView.as_view(), name="proposal_rate"),
    path("<int:pk>/supervise/", views.ProposalSuperviseView.as_view(), name="proposal_supervise"),
    path("<int:pk>/supervise/record/", views.SupervisionRecordView.as_view(), name="supervision_record"),
    path("attachments/<int:pk>/", views.AttachmentDownloadView.as_view(), name="attachment_download"),
    path("assignments/<int:pk>/sign/", views.AssignmentSignView.as_view(), name="assignment_sign"),
    path("assignments/<int:pk>/contact/", views.ContactRecordView.as_view(), name="contact_record"),
    path("assignments/<int:pk>/stage/", views.StageCompleteView.as_view(), name="stage_complete"),
    path("assignments/<int:pk>/extension/", views.ExtensionRequestView.as_view(), name="extension_request"),
    path("assignments/<int:pk>/opinion/", views.OpinionView.as_view(), name="cohandling_opinion"),
    path("extensions/<int:pk>/decide/", views.ExtensionDecideView.as_view(), name="extension_decide"),
]
