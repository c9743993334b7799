from django.urls import path

from . import views

app_name = "personnel"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("sessions/", views.SessionListView.as_view(), name="session_list"),
    path("sessions/new/", views.SessionCreateView.as_view(), name="session_create"),
    path("members/", views.MemberListView.as_view(), name="member_list"),
    path("cases/", views.CaseListView.as_view(), name="case_list"),
    path("cases/new/", views.CaseCreateView.as_view(), name="case_create"),
    path("cases/<int:pk>/", views.CaseDetailView.as_view(), name="case_detail"),
    path("cases/<int:pk>/letter/", views.CaseLetterView.as_view(), name="case_letter"),
    path("cases/<int:pk>/<slug:step>/", views.CaseStepView.as_view(), name="case_step"),
    path("reports/", views.ReportListView.as_view(), name="report_list"),
    path("reports/new/", views.ReportCreateView.as_view(), name="report_create"),
    path("reports/<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("reports/<int:pk>/ballot/", views.BallotView.as_view(), name="report_ballot"),
    path("reports/<int:pk>/sheet/", views.EvaluationSheetView.as_view(), name="report_sheet"),
    path("reports/<int:pk>/<slug:step>/", views.ReportStepView.as_view(), name="report_step"),
    path("plans/", views.PlanListView.as_view(), name="plan_list"),
    path("plans/new/", views.PlanCreateView.as_view(), name="plan_create"),
    path("plans/<int:pk>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("plans/<int:pk>/<slug:step>/", views.PlanStepView.as_view(), name="plan_step"),
    path("heads/<int:pk>/<slug:step>/", views.HeadStepView.as_view(), name="head_step"),
]
