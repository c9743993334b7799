from django.urls import path

from . import public_views, views

app_name = "liaison_stations"

urlpatterns = [
    path("", views.StationListView.as_view(), name="station_list"),
    path("new/", views.StationCreateView.as_view(), name="station_create"),
    path("<int:pk>/", views.StationDetailView.as_view(), name="station_detail"),
    path("<int:pk>/edit/", views.StationUpdateView.as_view(), name="station_update"),
    path("<int:pk>/qr.svg", views.StationQRView.as_view(), name="station_qr"),
    path("receptions/", views.ReceptionListView.as_view(), name="reception_list"),
    path("receptions/new/", views.ReceptionCreateView.as_view(), name="reception_create"),
    path("receptions/<int:pk>/", views.ReceptionDetailView.as_view(), name="reception_detail"),
    path("opinions/", views.OpinionListView.as_view(), name="opinion_list"),
    path("opinions/queue/", views.OpinionQueueView.as_view(), name="opinion_queue"),
    path("opinions/mine/", views.OpinionMineView.as_view(), name="opinion_mine"),
    path("opinions/new/", views.OpinionCreateView.as_view(), name="opinion_create"),
    path("opinions/<int:pk>/", views.OpinionDetailView.as_view(), name="opinion_detail"),
    path("opinions/<int:pk>/<slug:step>/", views.OpinionTransitionView.as_view(), name="opinion_transition"),
    path("solicitations/", views.SolicitationListView.as_view(), name="solicitation_list"),
    path("solicitations/new/", views.SolicitationCreateView.as_view(), name="solicitation_create"),
    path("solicitations/<int:pk>/", views.SolicitationDetailView.as_view(), name="solicitation_detail"),
    path("solicitations/<int:pk>/export/", views.SolicitationExportView.as_view(), name="solicitation_export"),
    path("consultations/", views.ConsultationListView.as_view(), name="consultation_list"),
    path("consultations/new/", views.ConsultationCreateView.as_view(), name="consultation_create"),
    path("evaluations/", views.EvaluationListView.as_view(), name="evaluation_list"),
    path("evaluations/self/", views.SelfEvaluationView.as_view(), name="evaluation_self"),
    path("evaluations/<int:pk>/review/", views.EvaluationReviewView.as_view(), name="evaluation_review"),
    path("indicator-sets/new/", views.IndicatorSetCreateView.as_view(), name="indicator_set_create"),
    path("indicator-sets/<int:pk>/", views.IndicatorSetDetailView.as_view(), name="indicator_set_detail"),
    path("inspections/", views.InspectionListView.as_view(), name="inspection_list"),
    path("inspections/new/", views.InspectionCreateView.as_view(), name="inspection_create"),
    path("inspections/<int:pk>/", views.InspectionDetailView.as_view(), name="inspection_detail"),
    path("problems/", views.ProblemListView.as_view(), name="problem_list"),
    path("problems/<int:pk>/edit/", views.ProblemTransitionView.as_view(), {"step": "edit"}, name="problem_update"),
    # Public pages (no account)
    path("public/submit/", public_views.PublicSubmitView.as_view(), name="public_submit"),
    path("public/submitted/", public_views.PublicDoneView.as_view(), name="public_done"),
    path("public/track/", public_views.PublicTrackView.as_view(), name="public_track"),
    path("public/find/", public_views.PublicFinderView.as_view(), name="public_finder"),
]
