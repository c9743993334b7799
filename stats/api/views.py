from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from core.scoping import region_in_scope
from regions.models import Region

from ..selectors import last_run
from ..views import dashboard_data


class FigureSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    value = serializers.FloatField(allow_null=True)


class ShareSerializer(FigureSerializer):
    definition = serializers.CharField(help_text="The numerator and denominator, in the office's words.")


class AreaSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    metrics = FigureSerializer(many=True)
    shares = ShareSerializer(many=True)
    children = serializers.SerializerMethodField()

    def get_children(self, area) -> list[dict]:
        return [
            {"region": c["region"].code, "name": c["region"].name, "values": c["values"], "shares": c["shares"]}
            for c in area["children"]
        ]


class DashboardSerializer(serializers.Serializer):
    region = serializers.CharField(source="region.code")
    region_name = serializers.CharField(source="region.name")
    period_label = serializers.CharField()
    computed_at = serializers.DateTimeField(allow_null=True)
    areas = AreaSerializer(many=True)


class OneObjectSchema(AutoSchema):
    """The figures endpoint answers one dashboard object, not a list."""

    def _is_list_view(self, serializer=None) -> bool:
        return False


class StatFigureViewSet(viewsets.ViewSet):
    """The dashboard figures of a region and its child regions, read from the summary rows."""

    schema = OneObjectSchema()

    @extend_schema(
        parameters=[
            OpenApiParameter("region", str, description="GB/T 2260 code; default: the caller's region"),
            OpenApiParameter("period", str, enum=["year", "quarter", "month", "custom", "term"]),
            OpenApiParameter("year", int),
            OpenApiParameter("quarter", int),
            OpenApiParameter("month", str, description="YYYY-MM"),
            OpenApiParameter("start", str, description="YYYY-MM"),
            OpenApiParameter("end", str, description="YYYY-MM"),
        ],
        responses=DashboardSerializer,
    )
    def list(self, request):
        code = request.query_params.get("region")
        region = get_object_or_404(Region, code=code) if code else request.user.region
        if region is None or not region_in_scope(request.user, region):
            raise Http404
        data = dashboard_data(user=request.user, region=region, query=request.query_params)
        run = last_run()
        data["computed_at"] = run.finished_at if run else None
        return Response(DashboardSerializer(data).data)
