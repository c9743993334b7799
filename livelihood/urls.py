from django.urls import path

from . import views

app_name = "livelihood"

urlpatterns = [
    path("", views.CallListView.as_view(), name="call_list"),
    path("<int:pk>/", views.CallDetailView.as_view(), name="call_detail"),
    path("<int:pk>/propose/", views.LivelihoodProposeView.as_view(), name="propose"),
    path("<int:pk>/candidates/new/", views.CandidateCreateView.as_view(), name="candidate_create"),
    path("<int:pk>/vote/open/", views.VoteOpenView.as_view(), name="vote_open"),
    path("<int:pk>/vote/", views.BallotView.as_view(), name="ballot"),
    path("<int:pk>/vote/close/", views.VoteCloseView.as_view(), name="vote_close"),
    path("<int:pk>/vote/publish/", views.VotePublishView.as_view(), name="vote_publish"),
    path("candidates/<int:pk>/progress/", views.ProgressReportView.as_view(), name="progress_report"),
]
