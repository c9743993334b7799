from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyInline, ScopedModelAdmin

from . import services
from .models import (
    Activity,
    CheckIn,
    Congress,
    Contact,
    Deputy,
    DeputyStatusChange,
    ExpertiseTag,
    Group,
    GroupMembership,
    Person,
    TrainingAttendance,
    TrainingCourse,
)
from .people import IDENTIFIERS, MANDATE_FIELDS, PERSON_FIELDS

# The admin's display methods for the identifiers (never the clear value).
_MASKED = dict(zip(IDENTIFIERS, ("id_masked", "mobile_masked"), strict=True))


class StatusChangeInline(ReadOnlyInline):
    model = DeputyStatusChange
    fk_name = "deputy"
    fields = ("effective_date", "from_status", "to_status", "note", "actor")
    readonly_fields = fields


class MembershipInline(ReadOnlyInline):
    model = GroupMembership
    fields = ("group", "deputy", "role", "start_date", "end_date")
    readonly_fields = fields


class ContactInline(ReadOnlyInline):
    model = Contact
    fields = ("contacted_on", "kind", "counterpart", "way", "topic")
    readonly_fields = fields


class AttendanceInline(ReadOnlyInline):
    model = TrainingAttendance
    fields = ("course", "deputy", "hours", "attended")
    readonly_fields = fields


class CheckInInline(ReadOnlyInline):
    model = CheckIn
    fields = ("activity", "deputy", "method", "checked_in_at", "feedback")
    readonly_fields = fields


@admin.register(Congress)
class CongressAdmin(admin.ModelAdmin):
    list_display = ("name", "level", "region", "term_number", "start_date", "end_date")
    list_filter = ("level", "term_number")
    search_fields = ("name",)
    autocomplete_fields = ()


@admin.register(ExpertiseTag)
class ExpertiseTagAdmin(admin.ModelAdmin):
    search_fields = ("name",)


class DeputyInline(ReadOnlyInline):
    model = Deputy
    fields = ("congress", "level", "region", "status")
    readonly_fields = fields
    show_change_link = True


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    """People are reached through their mandates; identifiers stay masked here too."""

    list_display = ("name", "gender", "birth_date", "id_masked", "mobile_masked")
    search_fields = ("name",)
    # The person fields of the roster and the form, the identifiers shown masked.
    fields = (*(_MASKED.get(f, f) for f in PERSON_FIELDS), "expertise_tags", "user")
    readonly_fields = fields
    inlines = [DeputyInline]

    def get_queryset(self, request):
        visible = Deputy.objects.visible_to(request.user).values("person_id")
        return super().get_queryset(request).filter(pk__in=visible)

    @admin.display(description=_("身份证号码"))
    def id_masked(self, obj):
        return obj.id_number_masked

    @admin.display(description=_("手机号码"))
    def mobile_masked(self, obj):
        return obj.mobile_masked

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Deputy)
class DeputyAdmin(ScopedModelAdmin):
    list_display = ("person", "level", "congress", "region", "sector_class", "status")
    list_filter = ("level", "status", "sector_class")
    search_fields = ("person__name",)
    list_select_related = ("person", "congress", "region")
    readonly_fields = ("person", "congress", "level", "status", "status_changed_on", "status_reason", "public_code")
    fields = (*readonly_fields, "region", *MANDATE_FIELDS)
    inlines = [StatusChangeInline, MembershipInline, ContactInline, AttendanceInline, CheckInInline]

    def has_add_permission(self, request):
        return False  # registration checks the ID number: use the portal's form or the import

    def save_model(self, request, obj, form, change):
        data = {f: form.cleaned_data[f] for f in MANDATE_FIELDS}
        services.deputy_update(actor=request.user, deputy=obj, region=form.cleaned_data["region"], **data)


@admin.register(Group)
class GroupAdmin(ScopedModelAdmin):
    list_display = ("name", "kind", "region", "cross_region", "cross_level", "cross_field", "is_active")
    list_filter = ("kind", "is_active", "cross_region")
    search_fields = ("name", "theme")
    list_select_related = ("region",)
    inlines = [MembershipInline]

    def save_model(self, request, obj, form, change):
        if change:
            data = {f: form.cleaned_data[f] for f in form.changed_data if f != "region"}
            services.group_update(actor=request.user, group=obj, **data)
        else:
            data = {f: v for f, v in form.cleaned_data.items() if f != "is_active"}
            obj.pk = services.group_create(actor=request.user, **data).pk


@admin.register(GroupMembership)
class GroupMembershipAdmin(ScopedModelAdmin):
    list_display = ("group", "deputy", "role", "start_date", "end_date")
    list_filter = ("role",)
    list_select_related = ("group", "deputy__person")
    readonly_fields = ("group", "deputy", "role", "start_date", "end_date")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Contact)
class ContactAdmin(ScopedModelAdmin):
    list_display = ("contacted_on", "deputy", "kind", "counterpart", "way", "topic")
    list_filter = ("kind", "way")
    list_select_related = ("deputy__person",)
    search_fields = ("topic", "counterpart", "deputy__person__name")

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        saved = services.contact_create(actor=request.user, **form.cleaned_data)
        obj.pk = saved.pk


@admin.register(TrainingCourse)
class TrainingCourseAdmin(ScopedModelAdmin):
    list_display = ("title", "training_class", "region", "start_date", "hours")
    list_filter = ("training_class",)
    inlines = [AttendanceInline]

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        saved = services.training_course_create(actor=request.user, **form.cleaned_data)
        obj.pk = saved.pk


@admin.register(TrainingAttendance)
class TrainingAttendanceAdmin(ScopedModelAdmin):
    list_display = ("course", "deputy", "hours", "attended")
    list_select_related = ("course", "deputy__person")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Activity)
class ActivityAdmin(ScopedModelAdmin):
    list_display = ("title", "kind", "region", "held_on", "check_in_open")
    list_filter = ("kind",)
    readonly_fields = ("public_code",)
    inlines = [CheckInInline]

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = {f: v for f, v in form.cleaned_data.items() if f != "check_in_open"}
        obj.pk = services.activity_create(actor=request.user, **data).pk


@admin.register(CheckIn)
class CheckInAdmin(ScopedModelAdmin):
    list_display = ("activity", "deputy", "method", "checked_in_at")
    list_select_related = ("activity", "deputy__person")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DeputyStatusChange)
class DeputyStatusChangeAdmin(ScopedModelAdmin):
    list_display = ("deputy", "from_status", "to_status", "effective_date", "actor")
    list_select_related = ("deputy__person", "actor")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
