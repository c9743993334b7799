from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from core import views as core_views

urlpatterns = [
    path("", core_views.HomeView.as_view(), name="home"),
    path("accounts/", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("core.urls")),
    path("deputies/", include("deputies.urls")),
    path("stations/", include("liaison_stations.urls")),
    path("campaigns/", include("campaigns.urls")),
    path("proposals/", include("proposals.urls")),
    path("livelihood/", include("livelihood.urls")),
    path("publicity/", include("publicity.urls")),
    path("personnel/", include("personnel.urls")),
    path("stats/", include("stats.urls")),
    path("health/live/", core_views.health_live, name="health_live"),
    path("health/ready/", core_views.health_ready, name="health_ready"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("api/docs/", core_views.ApiDocsView.as_view(url_name="api_schema"), name="api_docs"),
    path("api/redoc/", core_views.ApiRedocView.as_view(url_name="api_schema"), name="api_redoc"),
    path("api/", include("config.api_router")),
    path("admin/", admin.site.urls),
    # Uploads, in every mode: each file only to readers in its record's scope (core.media).
    path(f"{settings.MEDIA_URL.lstrip('/')}<path:name>", core_views.media_serve, name="media"),
]

handler404 = "core.views.page_not_found"
