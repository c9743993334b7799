from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import ScopedModelViewSet, transition_endpoint
from deputies.models import Deputy
from publicity import services
from publicity.filters import BrandFilterSet, KeyDateFilterSet, PostFilterSet
from publicity.models import Brand, KeyDate, Post, PostTransition

from .serializers import (
    BrandInstructionSerializer,
    BrandPublicationSerializer,
    BrandSerializer,
    KeyDateSerializer,
    PostDetailSerializer,
    PostSerializer,
    PostViewSerializer,
    PostWriteSerializer,
    ScheduleSerializer,
    TransitionSerializer,
)


class PostViewSet(ScopedModelViewSet):
    """Posts of the caller's jurisdiction; workflow steps are POST actions."""

    queryset = Post.objects.select_related("region", "author").prefetch_related(
        Prefetch("featured_deputies", queryset=Deputy.objects.select_related("person"))
    )
    filterset_class = PostFilterSet
    search_fields = ["title", "summary"]
    ordering_fields = ["planned_date", "published_at", "view_total"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                Prefetch("transitions", queryset=PostTransition.objects.select_related("actor"))
            )
        return queryset

    def get_serializer_class(self):
        if self.action in ("create", "partial_update"):
            return PostWriteSerializer
        if self.action == "retrieve":
            return PostDetailSerializer
        return PostSerializer

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        post = services.post_create(actor=request.user, **serializer.validated_data)
        return Response(
            PostSerializer(post, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED
        )

    def partial_update(self, request, *args, **kwargs):
        post = self.get_object()
        serializer = self.get_serializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        deputies = data.pop("featured_deputies", None)
        post = services.post_update(actor=request.user, post=post, featured_deputies=deputies, **data)
        return Response(PostSerializer(post, context=self.get_serializer_context()).data)

    submit = extend_schema(request=TransitionSerializer, responses=PostSerializer)(
        transition_endpoint(
            "submit",
            lambda actor, obj, note, **_: services.post_submit_for_review(actor=actor, post=obj, note=note),
            input_serializer=TransitionSerializer,
        )
    )
    approve = extend_schema(request=TransitionSerializer, responses=PostSerializer)(
        transition_endpoint(
            "approve",
            lambda actor, obj, note, **_: services.post_approve(actor=actor, post=obj, note=note),
            input_serializer=TransitionSerializer,
        )
    )
    # The attribute is the endpoint's name (``return`` is a keyword); its path is ``return/``.
    return_ = extend_schema(request=TransitionSerializer, responses=PostSerializer)(
        transition_endpoint(
            "return_",
            lambda actor, obj, note, **_: services.post_return(actor=actor, post=obj, comments=note),
            input_serializer=TransitionSerializer,
            url_path="return",
        )
    )
    schedule = extend_schema(request=ScheduleSerializer, responses=PostSerializer)(
        transition_endpoint(
            "schedule",
            lambda actor, obj, note, publish_at: services.post_schedule(
                actor=actor, post=obj, publish_at=publish_at, note=note
            ),
            input_serializer=ScheduleSerializer,
        )
    )
    publish = extend_schema(request=TransitionSerializer, responses=PostSerializer)(
        transition_endpoint(
            "publish",
            lambda actor, obj, note, **_: services.post_publish(actor=actor, post=obj, note=note),
            input_serializer=TransitionSerializer,
        )
    )
    unpublish = extend_schema(request=TransitionSerializer, responses=PostSerializer)(
        transition_endpoint(
            "unpublish",
            lambda actor, obj, note, **_: services.post_unpublish(actor=actor, post=obj, note=note),
            input_serializer=TransitionSerializer,
        )
    )

    @extend_schema(request=PostViewSerializer, responses=PostViewSerializer)
    @action(detail=True, methods=["post"])
    def views(self, request, pk=None):
        post = self.get_object()
        serializer = PostViewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        row = services.post_record_views(actor=request.user, post=post, **serializer.validated_data)
        return Response(PostViewSerializer(row).data, status=status.HTTP_201_CREATED)


class KeyDateViewSet(ScopedModelViewSet):
    queryset = KeyDate.objects.select_related("region")
    serializer_class = KeyDateSerializer
    filterset_class = KeyDateFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_create(self, serializer):
        serializer.instance = services.key_date_create(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.key_date_update(
            actor=self.request.user, key_date=serializer.instance, **serializer.validated_data
        )


class BrandViewSet(ScopedModelViewSet):
    queryset = Brand.objects.select_related("region").prefetch_related("publications", "instructions")
    serializer_class = BrandSerializer
    filterset_class = BrandFilterSet
    search_fields = ["name", "description"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_create(self, serializer):
        serializer.instance = services.brand_create(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.brand_update(
            actor=self.request.user, brand=serializer.instance, **serializer.validated_data
        )

    @extend_schema(request=BrandPublicationSerializer, responses=BrandPublicationSerializer)
    @action(detail=True, methods=["post"])
    def publications(self, request, pk=None):
        brand = self.get_object()
        serializer = BrandPublicationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        row = services.brand_publication_add(actor=request.user, brand=brand, **serializer.validated_data)
        return Response(BrandPublicationSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=BrandInstructionSerializer, responses=BrandInstructionSerializer)
    @action(detail=True, methods=["post"])
    def instructions(self, request, pk=None):
        brand = self.get_object()
        serializer = BrandInstructionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        row = services.brand_instruction_add(actor=request.user, brand=brand, **serializer.validated_data)
        return Response(BrandInstructionSerializer(row).data, status=status.HTTP_201_CREATED)
