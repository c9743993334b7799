from django.urls import path

from . import views

app_name = "campaigns"

urlpatterns = [
    path("", views.CampaignListView.as_view(), name="campaign_list"),
    path("new/", views.CampaignCreateView.as_view(), name="campaign_create"),
    path("<int:pk>/", views.CampaignDetailView.as_view(), name="campaign_detail"),
    path("<int:campaign_pk>/export/", views.CampaignExportView.as_view(), name="campaign_export"),
    path("<int:campaign_pk>/work/new/", views.WorkItemCreateView.as_view(), name="work_create"),
    path("<int:campaign_pk>/problems/new/", views.ProblemItemCreateView.as_view(), name="problem_create"),
    path("<int:campaign_pk>/problems/report/", views.ProblemReportView.as_view(), name="problem_report"),
    path("<int:campaign_pk>/suggestions/new/", views.SuggestionItemCreateView.as_view(), name="suggestion_create"),
    path("<int:campaign_pk>/results/new/", views.ResultItemCreateView.as_view(), name="result_create"),
    path("<int:campaign_pk>/activities/new/", views.ActivityCreateView.as_view(), name="activity_create"),
    path("<int:campaign_pk>/instructions/new/", views.InstructionCreateView.as_view(), name="instruction_create"),
    path("work/", views.WorkItemListView.as_view(), name="work_list"),
    path("work/<int:pk>/", views.WorkItemDetailView.as_view(), name="work_detail"),
    path("problems/", views.ProblemItemListView.as_view(), name="problem_list"),
    path("problems/<int:pk>/", views.ProblemItemDetailView.as_view(), name="problem_detail"),
    path("problems/<int:pk>/delete/", views.ProblemDeleteView.as_view(), name="problem_delete"),
    path("suggestions/", views.SuggestionItemListView.as_view(), name="suggestion_list"),
    path("suggestions/<int:pk>/", views.SuggestionItemDetailView.as_view(), name="suggestion_detail"),
    path("results/", views.ResultItemListView.as_view(), name="result_list"),
    path("results/<int:pk>/", views.ResultItemDetailView.as_view(), name="result_detail"),
    path("activities/", views.ActivityListView.as_view(), name="activity_list"),
    path("instructions/", views.InstructionListView.as_view(), name="instruction_list"),
    path("instructions/<int:pk>/follow-up/", views.InstructionFollowUpView.as_view(), name="instruction_follow_up"),
]
