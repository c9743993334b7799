from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api import AvailableActionsField
from core.scoping import regions_visible_to
from deputies.models import Deputy
from publicity.models import Brand, BrandInstruction, BrandPublication, KeyDate, Post, PostTransition, PostView
from publicity.sanitize import sanitize_html


class _ScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """Choices limited to what the caller may see (regions, deputies, key dates)."""

    def get_queryset(self):
        user = self.context["request"].user
        model = self.queryset.model
        if model._meta.label == "regions.Region":
            return regions_visible_to(user)
        return model.objects.visible_to(user)


class PostTransitionSerializer(serializers.ModelSerializer):
    # Plain strings: the post's ``status`` field already documents the PostStatus enum once.
    from_status = serializers.CharField(read_only=True)
    to_status = serializers.CharField(read_only=True)
    actor = serializers.StringRelatedField()

    class Meta:
        model = PostTransition
        fields = ["action", "from_status", "to_status", "actor", "note", "occurred_at"]


class PostSerializer(serializers.ModelSerializer):
    region_name = serializers.CharField(source="region.name", read_only=True)
    author = serializers.StringRelatedField()
    body = serializers.SerializerMethodField()
    featured_deputies = serializers.SerializerMethodField()
    public_url = serializers.SerializerMethodField()

    class Meta:
        model = Post
        fields = [
            "id",
            "title",
            "summary",
            "body",
            "theme",
            "channel",
            "status",
            "region",
            "region_name",
            "author",
            "byline",
            "featured_deputies",
            "key_date",
            "planned_date",
            "scheduled_at",
            "published_at",
            "external_url",
            "view_total",
            "cover_image",
            "public_url",
        ]
        read_only_fields = fields

    def get_body(self, post) -> str:
        return sanitize_html(post.body)

    def get_featured_deputies(self, post) -> list[dict]:
        return [{"id": d.pk, "name": d.person.name} for d in post.featured_deputies.all()]

    def get_public_url(self, post) -> str | None:
        return post.get_public_url() if post.is_published else None


class PostDetailSerializer(PostSerializer):
    transitions = PostTransitionSerializer(many=True, read_only=True)
    available_actions = AvailableActionsField()

    class Meta(PostSerializer.Meta):
        fields = [*PostSerializer.Meta.fields, "transitions", "available_actions"]
        read_only_fields = fields


class PostWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    theme = serializers.ChoiceField(choices=Post._meta.get_field("theme").choices)
    region = _ScopedRelatedField(queryset=Post._meta.get_field("region").related_model.objects.all())
    channel = serializers.ChoiceField(choices=Post._meta.get_field("channel").choices, required=False)
    summary = serializers.CharField(max_length=300, required=False, allow_blank=True)
    body = serializers.CharField(required=False, allow_blank=True)
    byline = serializers.CharField(max_length=100, required=False, allow_blank=True)
    planned_date = serializers.DateField(required=False, allow_null=True)
    external_url = serializers.URLField(required=False, allow_blank=True)
    key_date = _ScopedRelatedField(queryset=KeyDate.objects.all(), required=False, allow_null=True)
    featured_deputies = _ScopedRelatedField(queryset=Deputy.objects.all(), many=True, required=False)


class TransitionSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")
    publish_at = serializers.DateTimeField(required=False, help_text=_("定时发布时间（排期时必填）"))


class ScheduleSerializer(TransitionSerializer):
    publish_at = serializers.DateTimeField(help_text=_("定时发布时间（排期时必填）"))


class PostViewSerializer(serializers.ModelSerializer):
    class Meta:
        model = PostView
        fields = ["id", "post", "date", "views"]
        read_only_fields = ["id", "post"]


class KeyDateSerializer(serializers.ModelSerializer):
    region = _ScopedRelatedField(queryset=KeyDate._meta.get_field("region").related_model.objects.all())

    class Meta:
        model = KeyDate
        fields = ["id", "date", "title", "kind", "region", "series_title", "theme", "note"]


class BrandPublicationSerializer(serializers.ModelSerializer):
    class Meta:
        model = BrandPublication
        fields = ["id", "kind", "outlet", "outlet_level", "issue", "date", "url"]


class BrandInstructionSerializer(serializers.ModelSerializer):
    class Meta:
        model = BrandInstruction
        fields = ["id", "leader_name", "leader_title", "date", "content"]


class BrandSerializer(serializers.ModelSerializer):
    region = _ScopedRelatedField(queryset=Brand._meta.get_field("region").related_model.objects.all())
    region_name = serializers.CharField(source="region.name", read_only=True)
    publications = BrandPublicationSerializer(many=True, read_only=True)
    instructions = BrandInstructionSerializer(many=True, read_only=True)

    class Meta:
        model = Brand
        fields = ["id", "kind", "name", "region", "region_name", "year", "description", "publications", "instructions"]
