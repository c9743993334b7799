from django.urls import path

from . import views

app_name = "deputies"

urlpatterns = [
    path("", views.DeputyListView.as_view(), name="deputy_list"),
    path("new/", views.DeputyCreateView.as_view(), name="deputy_create"),
    path("me/", views.MyRecordView.as_view(), name="my_record"),
    path("import/", views.RosterImportView.as_view(), name="roster_import"),
    path("import/template.xlsx", views.RosterTemplateView.as_view(), name="roster_template"),
    path("<int:pk>/", views.DeputyDetailView.as_view(), name="deputy_detail"),
    path("<int:pk>/edit/", views.DeputyUpdateView.as_view(), name="deputy_update"),
    path("<int:pk>/status/", views.DeputyStatusView.as_view(), name="deputy_status"),
    path("<int:pk>/reveal/", views.DeputyRevealView.as_view(), name="deputy_reveal"),
    path("groups/", views.GroupListView.as_view(), name="group_list"),
    path("groups/new/", views.GroupCreateView.as_view(), name="group_create"),
    path("groups/<int:pk>/", views.GroupDetailView.as_view(), name="group_detail"),
    path("groups/<int:pk>/members/", views.GroupAddMembersView.as_view(), name="group_add_members"),
    path("contacts/", views.ContactListView.as_view(), name="contact_list"),
    path("contacts/new/", views.ContactCreateView.as_view(), name="contact_create"),
    path("training/", views.TrainingCourseListView.as_view(), name="course_list"),
    path("training/new/", views.TrainingCourseCreateView.as_view(), name="course_create"),
    path("training/<int:pk>/", views.TrainingCourseDetailView.as_view(), name="course_detail"),
    path("activities/", views.ActivityListView.as_view(), name="activity_list"),
    path("activities/new/", views.ActivityCreateView.as_view(), name="activity_create"),
    path("activities/<int:pk>/", views.ActivityDetailView.as_view(), name="activity_detail"),
    # Public pages behind the QR codes: no login, only opaque codes in the URL.
    path("code/<str:code>/", views.DeputyPublicView.as_view(), name="deputy_public"),
    path("code/<str:code>/qr.svg", views.DeputyQRView.as_view(), name="deputy_qr"),
    path("activity-code/<str:code>/", views.ActivityPublicView.as_view(), name="activity_public"),
    path("activity-code/<str:code>/qr.svg", views.ActivityQRView.as_view(), name="activity_qr"),
]
