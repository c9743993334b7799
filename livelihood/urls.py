from django.urls import path

from . import views

app_name = "livelihood"

# The names (and paths) of the former one-view-per-step URLs stay, so templates and links keep working.
CALL_STEPS = {
    "propose": ("propose", "propose"),
    "add-candidate": ("candidates/new", "candidate_create"),
    "open-vote": ("vote/open", "vote_open"),
}
VOTE_STEPS = {
    "cast": ("vote", "ballot"),
    "close": ("vote/close", "vote_close"),
    "publish": ("vote/publish", "vote_publish"),
}


def step_paths(view, steps: dict[str, tuple[str, str]]):
    return [
        path(f"<int:pk>/{route}/", view.as_view(), {"step": step}, name=name) for step, (route, name) in steps.items()
    ]


urlpatterns = [
    path("", views.CallListView.as_view(), name="call_list"),
    path("<int:pk>/", views.CallDetailView.as_view(), name="call_detail"),
    *step_paths(views.CallStepView, CALL_STEPS),
    *step_paths(views.VoteStepView, VOTE_STEPS),
    path("<int:pk>/vote/<slug:step>/", views.VoteStepView.as_view(), name="vote_step"),
    path("<int:pk>/<slug:step>/", views.CallStepView.as_view(), name="call_step"),
    path("candidates/<int:pk>/progress/", views.ProgressReportRedirectView.as_view(), name="progress_report"),
]
