from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("jobs/", views.JobListView.as_view(), name="job_list"),
    path("jobs/<int:pk>/", views.JobDetailView.as_view(), name="job_detail"),
    path("jobs/<int:pk>/retry/", views.JobRetryView.as_view(), name="job_retry"),
    path("jobs/<int:pk>/download/", views.JobDownloadView.as_view(), name="job_download"),
    path("status/", views.StatusView.as_view(), name="status"),
    path("notifications/", views.NotificationListView.as_view(), name="notification_list"),
    path("notifications/<int:pk>/", views.NotificationOpenView.as_view(), name="notification_open"),
]
