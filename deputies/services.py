"""Writes for deputies, their groups, contacts, trainings, activities and check-ins."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from core.audit import audit_record
from core.choices import AuditAction
from core.exceptions import ApplicationError
from core.scoping import ensure_in_scope, ensure_manages, ensure_region_in_scope
from core.workflow import move
from regions.models import Region

from .choices import (
    ETHNICITIES,
    CheckInMethod,
    ContactKind,
    DeputyStatus,
    Gender,
    GroupKind,
    MembershipRole,
)
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
from .models.groups import CONGRESS_MISFIT, congress_fits
from .people import MANDATE_FIELDS, PERSON_FIELDS, person_derived
from .validators import id_number_errors, id_number_hash, validate_mobile
from .workflow import ACTION_FOR_STATUS, MANDATE_FLOW

# What a deputy may change on their own profile; everything else is the office's.
DEPUTY_EDITABLE_FIELDS = ("mobile", "email", "address")


# People and mandates
# ------------------------------------------------------------------------------


def person_find_by_id_number(*, id_number: str) -> Person | None:
    if not id_number:
        return None
    return Person.objects.filter(id_number_hash=id_number_hash(id_number)).first()


def _tags(names: Iterable[str]) -> list[ExpertiseTag]:
    cleaned = sorted({n.strip() for n in names if n and n.strip()})
    existing = {t.name: t for t in ExpertiseTag.objects.filter(name__in=cleaned)}
    missing = [ExpertiseTag(name=n) for n in cleaned if n not in existing]
    for tag in missing:
        tag.save()
        existing[tag.name] = tag
    return [existing[n] for n in cleaned]


def _person_apply(person: Person, data: dict[str, Any]) -> None:
    """Copy validated person data onto ``person`` and keep the derived columns in step."""
    unknown = set(data) - set(PERSON_FIELDS) - {"expertise_tags"}
    if unknown:
        raise TypeError(f"Unknown person fields: {sorted(unknown)}")
    for field in PERSON_FIELDS:
        if field in data:
            setattr(person, field, data[field] if data[field] is not None else getattr(person, field))
    person.name = (person.name or "").strip()
    if not person.name:
        raise ApplicationError(_("姓名不能为空。"), field="name")
    if person.gender not in Gender.values:
        raise ApplicationError(_("请选择性别。"), field="gender")
    if person.ethnicity and person.ethnicity not in ETHNICITIES:
        raise ApplicationError(_("民族名称不在国家标准的56个民族之内。"), field="ethnicity")
    if person.id_number:
        errors = id_number_errors(person.id_number, birth_date=person.birth_date, male=person.gender == Gender.MALE)
        if errors:
            raise ApplicationError(" ".join(errors), field="id_number")
    if person.mobile:
        try:
            validate_mobile(person.mobile)
        except Exception as exc:
            raise ApplicationError(_("手机号码格式不正确。"), field="mobile") from exc
    # The same derived columns as the roster import writes (deputies.people).
    derived = person_derived({f: getattr(person, f) for f in PERSON_FIELDS})
    for field, value in derived.items():
        setattr(person, field, value)
    digest = person.id_number_hash
    if digest is not None and Person.objects.filter(id_number_hash=digest).exclude(pk=person.pk).exists():
        raise ApplicationError(_("该身份证号码已登记在另一人员名下。"), field="id_number")


def _save_person(person: Person, data: dict[str, Any]) -> Person:
    _person_apply(person, data)
    person.save()
    if "expertise_tags" in data:
        person.expertise_tags.set(_tags(data["expertise_tags"]))
    return person


def _check_mandate(*, actor, congress: Congress, region: Region) -> None:
    """A mandate is registered by staff of its congress's jurisdiction, within that congress's area."""
    ensure_region_in_scope(actor, congress.region)
    if not congress.region.contains(region):
        raise ApplicationError(_("代表所属行政区划须在该人大的行政区域之内。"), field="region")


def _ensure_manages_mandate(actor, deputy: Deputy) -> None:
    """Staff of a lower level see the mandates elected above them in their area but do not manage them."""
    ensure_in_scope(actor, deputy)
    ensure_region_in_scope(actor, deputy.congress.region)


@transaction.atomic
def deputy_create(
    *,
    actor,
    congress: Congress,
    region: Region,
    person: dict[str, Any],
    electoral_unit: str = "",
    delegation: str = "",
    sector_class: str = "",
    elected_on: dt.date | None = None,
) -> Deputy:
    """Register a mandate; a person already known by ID number gets a further mandate, not a duplicate."""
    ensure_region_in_scope(actor, region)
    _check_mandate(actor=actor, congress=congress, region=region)
    existing = person_find_by_id_number(id_number=person.get("id_number") or "")
    person_obj = _save_person(existing or Person(), person)
    if Deputy.objects.filter(person=person_obj, congress=congress).exists():
        raise ApplicationError(_("该人员在本届人大已有代表资格。"), field="congress")
    deputy = Deputy.objects.create(
        person=person_obj,
        congress=congress,
        level=congress.level,
        region=region,
        electoral_unit=electoral_unit,
        delegation=delegation,
        sector_class=sector_class,
        elected_on=elected_on,
    )
    ensure_in_scope(actor, deputy)
    return deputy


@transaction.atomic
def deputy_update(
    *,
    actor,
    deputy: Deputy,
    person: dict[str, Any] | None = None,
    region: Region | None = None,
    **mandate: Any,
) -> Deputy:
    _ensure_manages_mandate(actor, deputy)
    unknown = set(mandate) - set(MANDATE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown mandate fields: {sorted(unknown)}")
    if person:
        _save_person(deputy.person, person)
    if region is not None and region != deputy.region:
        ensure_region_in_scope(actor, region)
        _check_mandate(actor=actor, congress=deputy.congress, region=region)
        deputy.region = region
    for field, value in mandate.items():
        setattr(deputy, field, value)
    deputy.save()
    ensure_in_scope(actor, deputy)
    return deputy


@transaction.atomic
def deputy_change_status(
    *, actor, deputy: Deputy, to_status: str, effective_date: dt.date, reason: str = ""
) -> DeputyStatusChange:
    """End a mandate (resignation, termination, death) through the mandate workflow."""
    _ensure_manages_mandate(actor, deputy)
    name = ACTION_FOR_STATUS.get(to_status)
    if name is None:
        raise ApplicationError(_("代表状态不能变更为所选状态。"), field="to_status")
    if to_status in (DeputyStatus.RESIGNED, DeputyStatus.TERMINATED) and not reason.strip():
        raise ApplicationError(_("辞职或终止代表资格须填写原因。"), field="reason")
    locked = move(
        MANDATE_FLOW,
        deputy,
        name,
        actor=actor,
        note=reason.strip(),
        event={"effective_date": effective_date},
        status_changed_on=effective_date,
        status_reason=reason.strip(),
    )
    return locked.status_changes.latest("created_at", "pk")


@transaction.atomic
def person_update_own_profile(
    *,
    actor,
    person: Person,
    mobile: str | None = None,
    email: str | None = None,
    address: str | None = None,
    expertise_tags: Sequence[str] | None = None,
) -> Person:
    """A deputy's edit of their own contact details and professional card; nothing else."""
    if not roles.is_deputy(actor) or person.user_id != actor.pk:
        raise PermissionDenied(_("只能修改本人的资料。"))
    data: dict[str, Any] = {}
    for field, value in (("mobile", mobile), ("email", email), ("address", address)):
        if value is not None:
            data[field] = value
    if expertise_tags is not None:
        data["expertise_tags"] = list(expertise_tags)
    return _save_person(person, data)


def person_reveal_identifiers(*, actor, deputy: Deputy, request=None) -> dict[str, str]:
    """The full ID number and mobile, for staff of the mandate's jurisdiction; every reveal is audited."""
    if not roles.is_office_staff(actor):
        raise PermissionDenied(_("只有代表所在地的工作人员可以查看完整的个人信息。"))
    ensure_in_scope(actor, deputy)
    person = deputy.person
    audit_record(
        actor=actor,
        action=AuditAction.REVEAL,
        request=request,
        target=deputy,
        detail={"fields": ["id_number", "mobile"], "person": person.pk},
    )
    return {"id_number": person.id_number or "", "mobile": person.mobile or ""}


# Groups and teams
# ------------------------------------------------------------------------------


def _ensure_manages_group(actor, group: Group) -> None:
    """Only staff of the region that formed a group may change it, not those of its members' regions."""
    if roles.is_deputy(actor):
        ensure_in_scope(actor, group)
        raise PermissionDenied(_("代表不能管理小组。"))
    ensure_manages(actor, group)


def _ensure_congress_fits(congress: Congress | None, region: Region) -> None:
    if not congress_fits(congress, region):
        raise ApplicationError(CONGRESS_MISFIT, field="congress")


@transaction.atomic
def group_create(
    *,
    actor,
    name: str,
    region: Region,
    kind: str = GroupKind.GROUP,
    congress: Congress | None = None,
    theme: str = "",
    cross_region: bool = False,
    cross_level: bool = False,
    cross_field: bool = False,
    description: str = "",
    formed_on: dt.date | None = None,
) -> Group:
    ensure_region_in_scope(actor, region)
    _ensure_congress_fits(congress, region)
    if Group.objects.filter(region=region, name=name.strip()).exists():
        raise ApplicationError(_("本地区已有同名小组。"), field="name")
    group = Group.objects.create(
        name=name.strip(),
        region=region,
        kind=kind,
        congress=congress,
        theme=theme,
        cross_region=cross_region,
        cross_level=cross_level,
        cross_field=cross_field,
        description=description,
        formed_on=formed_on,
    )
    ensure_in_scope(actor, group)
    return group


@transaction.atomic
def group_update(*, actor, group: Group, **fields: Any) -> Group:
    _ensure_manages_group(actor, group)
    allowed = {"name", "kind", "congress", "theme", "cross_region", "cross_level", "cross_field"}
    allowed |= {"description", "formed_on", "is_active"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown group fields: {sorted(unknown)}")
    for field, value in fields.items():
        setattr(group, field, value)
    _ensure_congress_fits(group.congress, group.region)
    group.save()
    ensure_region_in_scope(actor, group.region)
    return group


@transaction.atomic
def group_add_members(
    *,
    actor,
    group: Group,
    deputies: Iterable[Deputy],
    role: str = MembershipRole.MEMBER,
    start_date: dt.date | None = None,
) -> list[GroupMembership]:
    """Add several deputies at once; those already current members are left as they are."""
    _ensure_manages_group(actor, group)
    deputy_ids = {d.pk for d in deputies}
    visible = set(Deputy.objects.visible_to(actor).filter(pk__in=deputy_ids).values_list("pk", flat=True))
    if visible != deputy_ids:
        raise PermissionDenied(_("所选代表不在您的管辖范围内。"))
    current = set(
        GroupMembership.objects.filter(group=group, deputy_id__in=deputy_ids, end_date__isnull=True).values_list(
            "deputy_id", flat=True
        )
    )
    start = start_date or timezone.localdate()
    created = [
        GroupMembership.objects.create(group=group, deputy_id=pk, role=role, start_date=start)
        for pk in sorted(deputy_ids - current)
    ]
    return created


@transaction.atomic
def membership_end(*, actor, membership: GroupMembership, end_date: dt.date | None = None) -> GroupMembership:
    _ensure_manages_group(actor, membership.group)
    if membership.end_date is not None:
        raise ApplicationError(_("该成员已退出小组。"))
    membership.end_date = end_date or timezone.localdate()
    membership.save(update_fields=["end_date", "updated_at"])
    return membership


@transaction.atomic
def membership_set_role(*, actor, membership: GroupMembership, role: str) -> GroupMembership:
    _ensure_manages_group(actor, membership.group)
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    return membership


# Dual contact
# ------------------------------------------------------------------------------


@transaction.atomic
def contact_create(
    *,
    actor,
    deputy: Deputy,
    kind: str,
    counterpart: str,
    contacted_on: dt.date,
    way: str,
    topic: str,
    outcome: str = "",
) -> Contact:
    """Record a contact; staff record both kinds, a deputy their own contacts with residents."""
    if roles.is_deputy(actor) and kind != ContactKind.DEPUTY_RESIDENT:
        raise PermissionDenied(_("代表只能登记本人联系群众的记录。"))
    if contacted_on > timezone.localdate():
        raise ApplicationError(_("联系日期不能晚于今天。"), field="contacted_on")
    contact = Contact.objects.create(
        deputy=deputy,
        kind=kind,
        counterpart=counterpart,
        contacted_on=contacted_on,
        way=way,
        topic=topic,
        outcome=outcome,
    )
    ensure_in_scope(actor, contact)
    return contact


# Training
# ------------------------------------------------------------------------------


@transaction.atomic
def training_course_create(
    *,
    actor,
    title: str,
    training_class: str,
    region: Region,
    start_date: dt.date,
    hours: Decimal,
    end_date: dt.date | None = None,
    location: str = "",
) -> TrainingCourse:
    ensure_region_in_scope(actor, region)
    if end_date is not None and end_date < start_date:
        raise ApplicationError(_("结束日期不能早于开始日期。"), field="end_date")
    course = TrainingCourse.objects.create(
        title=title,
        training_class=training_class,
        region=region,
        start_date=start_date,
        end_date=end_date,
        hours=hours,
        location=location,
    )
    ensure_in_scope(actor, course)
    return course


@transaction.atomic
def training_record_attendance(
    *, actor, course: TrainingCourse, deputies: Iterable[Deputy], hours: Decimal | None = None
) -> list[TrainingAttendance]:
    """Credit the course (or the given hours) to each deputy; recording twice updates the hours."""
    ensure_in_scope(actor, course)
    ensure_region_in_scope(actor, course.region)
    credited = course.hours if hours is None else hours
    if credited < 0 or credited > course.hours:
        raise ApplicationError(_("获得学时不能超过课程学时。"), field="hours")
    rows = []
    for deputy in deputies:
        ensure_in_scope(actor, deputy)
        row, _created = TrainingAttendance.objects.update_or_create(
            course=course, deputy=deputy, defaults={"hours": credited, "attended": True}
        )
        rows.append(row)
    return rows


# Activities and check-ins (活动码)
# ------------------------------------------------------------------------------


@transaction.atomic
def activity_create(
    *,
    actor,
    title: str,
    region: Region,
    held_on: dt.date,
    kind: str,
    location: str = "",
    description: str = "",
) -> Activity:
    ensure_region_in_scope(actor, region)
    activity = Activity.objects.create(
        title=title, region=region, held_on=held_on, kind=kind, location=location, description=description
    )
    ensure_in_scope(actor, activity)
    return activity


def _check_in(*, activity: Activity, deputy: Deputy, method: str, feedback: str, actor=None) -> CheckIn:
    if not activity.check_in_open:
        raise ApplicationError(_("该活动已停止签到。"))
    if deputy.status != DeputyStatus.SERVING:
        raise ApplicationError(_("该代表不在任，不能签到。"))
    existing = CheckIn.objects.select_for_update().filter(activity=activity, deputy=deputy).first()
    if existing is not None:
        # Scanning twice is common; the second scan only adds feedback.
        if feedback.strip():
            existing.feedback = feedback.strip()
            existing.save(update_fields=["feedback", "updated_at"])
        return existing
    return CheckIn.objects.create(
        activity=activity,
        deputy=deputy,
        method=method,
        checked_in_at=timezone.now(),
        feedback=feedback.strip(),
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


@transaction.atomic
def check_in_by_code(*, activity: Activity, deputy_code: str, mobile_last4: str, feedback: str = "") -> CheckIn:
    """Public check-in with the deputy's code.

    A deputy code is printed for residents to scan, so knowing it proves
    nothing: the last four digits of the mobile on file confirm the deputy.
    """
    deputy = Deputy.objects.select_related("person").filter(public_code=deputy_code.strip()).first()
    mobile = (deputy.person.mobile or "") if deputy else ""
    if deputy is None or not mobile or mobile[-4:] != (mobile_last4 or "").strip():
        raise ApplicationError(_("代表码或手机号码后四位不正确。"), field="deputy_code")
    return _check_in(activity=activity, deputy=deputy, method=CheckInMethod.DEPUTY_CODE, feedback=feedback)


@transaction.atomic
def check_in_by_login(*, actor, activity: Activity, deputy: Deputy, feedback: str = "") -> CheckIn:
    if deputy.person.user_id != actor.pk:
        raise PermissionDenied(_("只能为本人签到。"))
    return _check_in(activity=activity, deputy=deputy, method=CheckInMethod.LOGIN, feedback=feedback, actor=actor)


@transaction.atomic
def check_in_by_staff(*, actor, activity: Activity, deputy: Deputy, feedback: str = "") -> CheckIn:
    ensure_in_scope(actor, activity)
    ensure_region_in_scope(actor, activity.region)
    ensure_in_scope(actor, deputy)
    return _check_in(activity=activity, deputy=deputy, method=CheckInMethod.STAFF, feedback=feedback, actor=actor)


@transaction.atomic
def person_link_user(*, actor, person: Person, user) -> Person:
    """Give a person a deputy login; staff may do so for a person with a mandate in their jurisdiction."""
    if not roles.is_deputy(user):
        raise ApplicationError(_("只能关联“人大代表”角色的账号。"), field="user")
    mandate = person.mandates.first()
    if mandate is None:
        raise ApplicationError(_("该人员没有代表资格。"))
    ensure_in_scope(actor, mandate)
    if Person.objects.filter(user=user).exclude(pk=person.pk).exists():
        raise ApplicationError(_("该账号已关联其他人员。"), field="user")
    person.user = user
    person.save(update_fields=["user", "updated_at"])
    return person
