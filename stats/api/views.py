from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from core.scoping import region_in_scope
from regions.models import Region

from ..choices import Period
from ..selectors import last_run
from ..views import dashboard_data


class FigureSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    value = serializers.FloatField(allow_null=True)


class MetricSerializer(FigureSerializer):
    previous = serializers.IntegerField(
        allow_null=True, help_text="The same period a year before; null for stock figures."
    )
    change = serializers.IntegerField(allow_null=True, help_text="value − previous")
    change_share = serializers.FloatField(allow_null=True, help_text="change ÷ previous; null when previous is 0")


class ShareSerializer(FigureSerializer):
    definition = serializers.CharField(help_text="The numerator and denominator, in the office's words.")
    previous = serializers.FloatField(allow_null=True, help_text="The same period a year before.")


class AreaSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    metrics = MetricSerializer(many=True)
    shares = ShareSerializer(many=True)
    children = serializers.SerializerMethodField()

    def get_children(self, area) -> list[dict]:
        return [
            {
                "region": c["region"].code,
                "name": str(c["name"]),
                "own": c["own"],
                "values": c["values"],
                "previous": c["previous"],
                "shares": c["shares"],
            }
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


class DashboardQuerySerializer(serializers.Serializer):
    """The query parameters with a fixed set of values; the others fall back to the current period."""

    period = serializers.ChoiceField(choices=Period.choices, required=False)


class StatFigureViewSet(viewsets.ViewSet):
    """The dashboard figures of a region and its child regions, read from the summary rows."""

    schema = OneObjectSchema()

    @extend_schema(
        parameters=[
            OpenApiParameter("region", str, description="GB/T 2260 code; default: the caller's region"),
            OpenApiParameter("period", str, enum=Period.values),
            OpenApiParameter("year", int),
            OpenApiParameter("quarter", int),
            OpenApiParameter("month", str, description="YYYY-MM"),
            OpenApiParameter("start", str, description="YYYY-MM"),
            OpenApiParameter("end", str, description="YYYY-MM"),
        ],
        responses=DashboardSerializer,
    )
    def list(self, request):
        DashboardQuerySerializer(data=request.query_params).is_valid(raise_exception=True)
        code = request.query_params.get("region")
        region = get_object_or_404(Region, code=code) if code else request.user.region
        if region is None or not region_in_scope(request.user, region):
            raise Http404
        data = dashboard_data(user=request.user, region=region, query=request.query_params)
        run = last_run()
        data["computed_at"] = run.finished_at if run else None
        return Response(DashboardSerializer(data).data)
