from django.urls import path

from . import views

app_name = "publicity"

urlpatterns = [
    path("", views.PostListView.as_view(), name="post_list"),
    path("posts/new/", views.PostCreateView.as_view(), name="post_create"),
    path("posts/<int:pk>/", views.PostDetailView.as_view(), name="post_detail"),
    path("posts/<int:pk>/edit/", views.PostUpdateView.as_view(), name="post_update"),
    path("posts/<int:pk>/views/", views.PostViewsRecordView.as_view(), name="post_views_record"),
    path("posts/<int:pk>/<slug:step>/", views.PostTransitionView.as_view(), name="post_transition"),
    path("images/", views.ImageUploadView.as_view(), name="image_upload"),
    path("views/import/", views.ViewsImportView.as_view(), name="views_import"),
    path("views/import/template/", views.ViewsImportTemplateView.as_view(), name="views_import_template"),
    path("calendar/", views.CalendarView.as_view(), name="calendar"),
    path("stats/", views.StatsView.as_view(), name="stats"),
    path("key-dates/", views.KeyDateListView.as_view(), name="keydate_list"),
    path("key-dates/new/", views.KeyDateCreateView.as_view(), name="keydate_create"),
    path("key-dates/<int:pk>/edit/", views.KeyDateUpdateView.as_view(), name="keydate_update"),
    path("brands/", views.BrandListView.as_view(), name="brand_list"),
    path("brands/new/", views.BrandCreateView.as_view(), name="brand_create"),
    path("brands/<int:pk>/", views.BrandDetailView.as_view(), name="brand_detail"),
    path("brands/<int:pk>/edit/", views.BrandUpdateView.as_view(), name="brand_update"),
    path("brands/<int:pk>/<slug:record>/", views.BrandRecordAddView.as_view(), name="brand_record_add"),
    # Public, no login: published posts only.
    path("public/", views.PublicPostListView.as_view(), name="public_list"),
    path("public/<str:public_key>/", views.PublicPostView.as_view(), name="public_post"),
]
