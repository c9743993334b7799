from rest_framework import serializers

from ..choices import DeputyStatus
from ..models import Contact, Deputy, Group, GroupMembership, TrainingAttendance, TrainingCourse


class DeputySerializer(serializers.ModelSerializer):
    """A mandate with its person; identifiers are always masked (reveal is a separate, audited action)."""

    name = serializers.CharField(source="person.name")
    gender = serializers.CharField(source="person.gender")
    ethnicity = serializers.CharField(source="person.ethnicity")
    birth_date = serializers.DateField(source="person.birth_date")
    political_affiliation = serializers.CharField(source="person.political_affiliation")
    education = serializers.CharField(source="person.education")
    occupation = serializers.CharField(source="person.occupation")
    work_unit = serializers.CharField(source="person.work_unit")
    id_number = serializers.CharField(source="person.id_number_masked")
    mobile = serializers.CharField(source="person.mobile_masked")
    expertise_tags = serializers.SerializerMethodField()
    congress_name = serializers.CharField(source="congress.name")
    region_code = serializers.CharField(source="region.code")
    region_name = serializers.CharField(source="region.name")

    class Meta:
        model = Deputy
        fields = [
            "id",
            "person",
            "name",
            "gender",
            "ethnicity",
            "birth_date",
            "political_affiliation",
            "education",
            "occupation",
            "work_unit",
            "id_number",
            "mobile",
            "expertise_tags",
            "congress",
            "congress_name",
            "level",
            "region",
            "region_code",
            "region_name",
            "electoral_unit",
            "delegation",
            "sector_class",
            "elected_on",
            "status",
            "status_changed_on",
            "status_reason",
            "public_code",
        ]
        read_only_fields = fields

    def get_expertise_tags(self, obj) -> list[str]:
        return [t.name for t in obj.person.expertise_tags.all()]


class StatusChangeSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=DeputyStatus.choices)
    effective_date = serializers.DateField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class GroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = Group
        fields = [
            "id",
            "name",
            "kind",
            "region",
            "congress",
            "theme",
            "cross_region",
            "cross_level",
            "cross_field",
            "description",
            "formed_on",
            "is_active",
        ]
        read_only_fields = ["is_active"]


class MembershipSerializer(serializers.ModelSerializer):
    deputy_name = serializers.CharField(source="deputy.person.name", read_only=True)

    class Meta:
        model = GroupMembership
        fields = ["id", "group", "deputy", "deputy_name", "role", "start_date", "end_date"]
        read_only_fields = ["end_date"]


class ContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = Contact
        fields = ["id", "kind", "deputy", "counterpart", "contacted_on", "way", "topic", "outcome"]


class TrainingCourseSerializer(serializers.ModelSerializer):
    class Meta:
        model = TrainingCourse
        fields = ["id", "title", "training_class", "region", "start_date", "end_date", "hours", "location"]


class TrainingAttendanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = TrainingAttendance
        fields = ["id", "course", "deputy", "attended", "hours"]
