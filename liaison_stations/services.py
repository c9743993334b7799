"""Writes: stations, receptions, opinion items and their handling flow, and station work records.

Every opinion-item and inspection-problem transition goes through
``core.workflow.move`` along the flows of liaison_stations.workflow: the row
is locked, the move and the actor's right checked, one history row written,
all in one transaction (of two concurrent transitions exactly one wins).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from accounts.choices import Role
from accounts.models import User
from core.exceptions import ApplicationError
from core.scoping import ensure_in_scope, ensure_region_in_scope
from core.services import notification_send
from core.workflow import lock, move
from regions.choices import RegionLevel

from .choices import (
    STEP_DUE_DAYS,
    OpinionAction,
    OpinionSource,
    OpinionStatus,
    ProblemStatus,
    Rating,
    ReminderKind,
)
from .models import (
    Consultation,
    EvaluationIndicator,
    EvaluationIndicatorSet,
    EvaluationScore,
    Inspection,
    InspectionProblem,
    OpinionItem,
    OpinionReminder,
    OpinionTransition,
    Reception,
    ReceptionVisitor,
    Solicitation,
    SolicitationOpinion,
    Station,
    StationEvaluation,
)
from .models.opinions import new_tracking_code
from .querysets import today
from .workflow import OPINION_FLOW, PROBLEM_FLOW

if TYPE_CHECKING:
    from deputies.models import Deputy
    from regions.models import Region


def _save(actor: User, obj, *, update_fields: list[str] | None = None) -> None:
    obj.full_clean()
    obj.save(update_fields=update_fields)
    ensure_in_scope(actor, obj)


# Stations and receptions
# ------------------------------------------------------------------------------


STATION_FIELDS = ("name", "kind", "region", "address", "opening_hours", "contact_name", "contact_phone", "description")


@transaction.atomic
def station_create(*, actor: User, deputies=None, **fields: Any) -> Station:
    roles.require_office_staff(actor)
    region = fields.get("region")
    ensure_region_in_scope(actor, region)
    if region is not None and region.level != RegionLevel.TOWNSHIP:
        raise ApplicationError(_("联络站（点）应设在乡镇（街道）。"), field="region")
    station = Station(**{k: v for k, v in fields.items() if k in (*STATION_FIELDS, "is_active")})
    _save(actor, station)
    if deputies is not None:
        station.deputies.set(deputies)
    return station


@transaction.atomic
def station_update(*, actor: User, station: Station, deputies=None, **fields: Any) -> Station:
    roles.require_office_staff(actor)
    ensure_in_scope(actor, station)
    if "region" in fields:
        ensure_region_in_scope(actor, fields["region"])
        if fields["region"].level != RegionLevel.TOWNSHIP:
            raise ApplicationError(_("联络站（点）应设在乡镇（街道）。"), field="region")
    for key, value in fields.items():
        if key in (*STATION_FIELDS, "is_active"):
            setattr(station, key, value)
    _save(actor, station)
    if deputies is not None:
        station.deputies.set(deputies)
    return station


@transaction.atomic
def reception_create(
    *,
    actor: User,
    station: Station,
    date: date,
    visitor_count: int,
    topics: str = "",
    deputies=None,
    visitors: list[dict[str, str]] | None = None,
) -> Reception:
    roles.require_office_staff(actor)
    ensure_in_scope(actor, station)
    visitors = [v for v in (visitors or []) if v.get("name")]
    if visitor_count < len(visitors):
        raise ApplicationError(_("接待人次不能少于登记姓名的来访群众人数。"), field="visitor_count")
    if date > today():
        raise ApplicationError(_("接待日期不能晚于今天。"), field="date")
    reception = Reception(station=station, date=date, visitor_count=visitor_count, topics=topics, recorded_by=actor)
    _save(actor, reception)
    if deputies:
        reception.deputies.set(deputies)
    ReceptionVisitor.objects.bulk_create(
        [
            ReceptionVisitor(reception=reception, name=v["name"], phone=v.get("phone", ""), note=v.get("note", ""))
            for v in visitors
        ]
    )
    return reception


# Opinion items: the handling flow
# ------------------------------------------------------------------------------


def _due(status: str, start: date | None = None) -> date | None:
    days = STEP_DUE_DAYS.get(status)
    return None if days is None else (start or today()) + timedelta(days=days)


def _actor_label(actor: User | None) -> str:
    return actor.get_display_name() if actor is not None else str(_("群众"))


def _step(
    item: OpinionItem,
    name: str,
    *,
    actor: User | None,
    note: str = "",
    due_date: date | None = None,
    **changes: Any,
) -> OpinionItem:
    """Take transition ``name`` through the workflow; the next step's deadline goes with it.

    ``due_date`` overrides the deadline of the status the item moves to.
    """
    for attname, value in changes.items():
        field = OpinionItem._meta.get_field(attname)
        if not field.is_relation:
            field.clean(value, item)
    due = due_date if due_date is not None else _due(OPINION_FLOW.get(name).target)
    return move(
        OPINION_FLOW,
        item,
        name,
        actor=actor,
        note=note,
        event={"actor_label": _actor_label(actor), "due_date": due},
        step_due_date=due,
        **changes,
    )


def _record_creation(actor: User | None, item: OpinionItem, action: str) -> OpinionItem:
    """Save a new item with the first line of its history (its status is set at creation)."""
    item.full_clean(exclude=["tracking_code"])
    item.save()
    OpinionTransition.objects.create(
        item=item,
        action=action,
        from_status="",
        to_status=item.status,
        actor=actor,
        actor_label=_actor_label(actor),
        due_date=item.step_due_date,
    )
    if actor is not None:
        ensure_in_scope(actor, item)
    return item


@dataclass(frozen=True)
class OpinionInput:
    title: str
    content: str
    category: str
    location: str = ""
    resident_name: str = ""
    resident_phone: str = ""


def _new_item(*, region: Region, station: Station | None, data: OpinionInput, **extra: Any) -> OpinionItem:
    return OpinionItem(
        region=region,
        station=station,
        title=data.title,
        content=data.content,
        category=data.category,
        location=data.location,
        resident_name=data.resident_name,
        resident_phone=data.resident_phone,
        **extra,
    )


@transaction.atomic
def opinion_create(
    *,
    actor: User,
    station: Station,
    data: OpinionInput,
    source: str = OpinionSource.RECEPTION,
    reception: Reception | None = None,
    receiving_deputy: Deputy | None = None,
) -> OpinionItem:
    """Record an item received at a station; staff entry registers it at once."""
    roles.require_office_staff(actor)
    ensure_in_scope(actor, station)
    if reception is not None and reception.station_id != station.pk:
        raise ApplicationError(_("所选接待活动不属于该联络站。"), field="reception")
    item = _new_item(
        region=station.region,
        station=station,
        data=data,
        source=source,
        reception=reception,
        receiving_deputy=receiving_deputy,
        received_by=actor,
        status=OpinionStatus.REGISTERED,
        step_due_date=_due(OpinionStatus.REGISTERED),
        registered_at=timezone.now(),
    )
    return _record_creation(actor, item, OpinionAction.CREATE)


@transaction.atomic
def opinion_submit_public(*, station: Station | None, deputy: Deputy | None, data: OpinionInput) -> OpinionItem:
    """A resident's submission from the public page: it waits for staff to register it."""
    if station is None and deputy is None:
        raise ApplicationError(_("请通过联络站或代表的二维码提交。"))
    if station is not None and not station.is_active:
        raise ApplicationError(_("该联络站暂停运行，请选择其他联络站。"))
    region = station.region if station is not None else deputy.region
    item = _new_item(
        region=region,
        station=station,
        data=data,
        source=OpinionSource.DEPUTY_CODE if deputy is not None else OpinionSource.PUBLIC,
        receiving_deputy=deputy,
        status=OpinionStatus.PENDING,
        step_due_date=_due(OpinionStatus.PENDING),
    )
    for _attempt in range(3):
        try:
            with transaction.atomic():
                saved = _record_creation(None, item, OpinionAction.SUBMIT)
                # Stored with the item in one transaction: the deputy's notice (and its
                # mail, through the job outbox) cannot be lost if the broker is down.
                _notify_receiving_deputy(saved)
                return saved
        except IntegrityError:  # a tracking-code collision: draw another
            item.pk = None
            item.tracking_code = new_tracking_code()
    raise ApplicationError(_("提交失败，请稍后重试。"))


@transaction.atomic
def opinion_register(*, actor: User, item: OpinionItem, category: str | None = None, note: str = "") -> OpinionItem:
    changes: dict[str, Any] = {"received_by": actor, "registered_at": timezone.now()}
    if category:
        changes["category"] = category
    return _step(item, "register", actor=actor, note=note, **changes)


@transaction.atomic
def opinion_assign(
    *,
    actor: User,
    item: OpinionItem,
    unit: str = "",
    deputy: Deputy | None = None,
    due_date: date | None = None,
    note: str = "",
) -> OpinionItem:
    """Hand the item to a department or a deputy, with a deadline for handling."""
    if not unit and deputy is None:
        raise ApplicationError(_("请指定承办部门或承办代表。"), field="unit")
    if due_date is not None and due_date < today():
        raise ApplicationError(_("办理期限不能早于今天。"), field="due_date")
    if deputy is not None:
        ensure_in_scope(actor, deputy)
    item = _step(item, "assign", actor=actor, note=note, due_date=due_date, assigned_unit=unit, assigned_deputy=deputy)
    _notify_assigned_deputy(item)
    return item


def _notify_receiving_deputy(item: OpinionItem) -> None:
    user = item.receiving_deputy.person.user if item.receiving_deputy else None
    if user is not None:
        notification_send(
            recipients=[user],
            title=_("群众通过代表码向您反映：%(title)s") % {"title": item.title},
            url=item.get_absolute_url(),
        )


def _notify_assigned_deputy(item: OpinionItem) -> None:
    user = item.assigned_deputy.person.user if item.assigned_deputy else None
    if user is not None:
        notification_send(
            recipients=[user],
            title=_("民情民意“%(title)s”已交由您办理") % {"title": item.title},
            body=_("办理期限：%(due)s") % {"due": item.step_due_date},
            url=item.get_absolute_url(),
        )


@transaction.atomic
def opinion_handle(*, actor: User, item: OpinionItem, result: str) -> OpinionItem:
    """Record how the item was handled; staff or the deputy it was assigned to."""
    if not result.strip():
        raise ApplicationError(_("请填写办理情况。"), field="result")
    return _step(item, "handle", actor=actor, note=result, handling_result=result)


@transaction.atomic
def opinion_supervise(*, actor: User, item: OpinionItem, note: str) -> OpinionItem:
    """An office's supervision of a handled item that needs it; optional before the reply."""
    if not note.strip():
        raise ApplicationError(_("请填写督办意见。"), field="note")
    return _step(item, "supervise", actor=actor, note=note, supervision_note=note)


@transaction.atomic
def opinion_reply(*, actor: User, item: OpinionItem, reply: str) -> OpinionItem:
    """The answer the resident will read on the tracking page, once handled (and supervised if it was)."""
    if not reply.strip():
        raise ApplicationError(_("请填写答复内容。"), field="reply")
    return _step(item, "reply", actor=actor, note=reply, reply=reply, replied_at=timezone.now())


@transaction.atomic
def opinion_close(*, actor: User, item: OpinionItem, note: str = "") -> OpinionItem:
    return _step(
        item,
        "close",
        actor=actor,
        note=note,
        closed_at=timezone.now(),
        rating="",
        rating_comment="",
        rated_at=None,
    )


def _reopen(*, item: OpinionItem, actor: User | None, reason: str, due_date: date | None = None) -> OpinionItem:
    item = _step(
        item,
        "reopen",
        actor=actor,
        note=reason,
        due_date=due_date,
        reopen_count=item.reopen_count + 1,
        closed_at=None,
        rating="",
        rating_comment="",
        rated_at=None,
    )
    _notify_assigned_deputy(item)
    return item


@transaction.atomic
def opinion_reopen(*, actor: User, item: OpinionItem, reason: str, due_date: date | None = None) -> OpinionItem:
    """The only way back from "closed": a supervisor sends the item back for re-handling, with a reason."""
    if not reason.strip():
        raise ApplicationError(_("重新办理须说明理由。"), field="reason")
    return _reopen(item=lock(item), actor=actor, reason=reason, due_date=due_date)


@transaction.atomic
def opinion_rate_public(*, tracking_code: str, rating: str, comment: str = "") -> OpinionItem:
    """The resident rates a closed item; "unsatisfied" sends it back for re-handling."""
    found = OpinionItem.objects.filter(tracking_code=tracking_code).first()
    if found is None:
        raise ApplicationError(_("查询码不存在，请核对后重新输入。"), field="code")
    item = lock(found)
    if not item.is_closed:
        raise ApplicationError(_("事项办结后才能评价。"))
    if item.rating:
        raise ApplicationError(_("您已评价过该事项。"))
    if rating not in Rating.values:
        raise ApplicationError(_("请选择评价结果。"), field="rating")
    if rating == Rating.UNSATISFIED:
        reason = _("群众评价不满意，重新办理。") + (f"{comment}" if comment else "")
        return _reopen(item=item, actor=None, reason=reason)
    item.rating, item.rating_comment, item.rated_at = rating, comment, timezone.now()
    item.save(update_fields=["rating", "rating_comment", "rated_at", "updated_at"])
    return item


# Reminders
# ------------------------------------------------------------------------------


def _responsible_users(item: OpinionItem) -> list[User]:
    """Who must act on the item's next step: the assigned deputy, else the county's staff."""
    if item.status == OpinionStatus.ASSIGNED and item.assigned_deputy and item.assigned_deputy.person.user:
        return [item.assigned_deputy.person.user]
    county_code = item.region.code[:6]
    return list(User.objects.filter(role=Role.COUNTY_STAFF, region__code=county_code, is_active=True))


def opinion_send_reminders(*, on: date | None = None) -> int:
    """Remind the responsible users of items due soon or overdue; at most once per user, item and day."""
    on = on or today()
    sent = 0
    base = OpinionItem.objects.select_related("region", "assigned_deputy__person__user")
    for kind, queryset in (
        (ReminderKind.OVERDUE, base.overdue(on)),
        (ReminderKind.DUE_SOON, base.due_soon(on)),
    ):
        for item in queryset.iterator(chunk_size=500):
            for user in _responsible_users(item):
                with transaction.atomic():
                    _reminder, created = OpinionReminder.objects.get_or_create(
                        item=item, recipient=user, kind=kind, sent_on=on
                    )
                    if not created:
                        continue
                    title = (
                        _("民情民意“%(title)s”已超期（期限%(due)s）")
                        if kind == ReminderKind.OVERDUE
                        else _("民情民意“%(title)s”即将到期（期限%(due)s）")
                    ) % {"title": item.title, "due": item.step_due_date}
                    notification_send(
                        recipients=[user],
                        title=title,
                        body=_("当前状态：%(status)s") % {"status": item.get_status_display()},
                        url=item.get_absolute_url(),
                    )
                    sent += 1
    return sent


# Solicitation and consultation
# ------------------------------------------------------------------------------


@transaction.atomic
def solicitation_create(
    *,
    actor: User,
    region: Region,
    title: str,
    kind: str,
    start_date: date,
    end_date: date,
    stations,
    description: str = "",
) -> Solicitation:
    roles.require_office_staff(actor)
    ensure_region_in_scope(actor, region)
    if end_date < start_date:
        raise ApplicationError(_("截止日期不能早于开始日期。"), field="end_date")
    stations = list(stations)
    if not stations:
        raise ApplicationError(_("请至少选择一个联络站。"), field="stations")
    for station in stations:
        ensure_in_scope(actor, station)
    solicitation = Solicitation(
        region=region, title=title, kind=kind, start_date=start_date, end_date=end_date, description=description
    )
    _save(actor, solicitation)
    solicitation.stations.set(stations)
    return solicitation


@transaction.atomic
def solicitation_opinion_add(
    *,
    actor: User,
    solicitation: Solicitation,
    station: Station,
    content: str,
    clause: str = "",
    contributor_count: int = 1,
) -> SolicitationOpinion:
    roles.require_office_staff(actor)
    ensure_in_scope(actor, station)
    if not solicitation.stations.filter(pk=station.pk).exists():
        raise ApplicationError(_("该联络站未列入本项目的征求意见站点。"), field="station")
    if not solicitation.start_date <= today() <= solicitation.end_date:
        raise ApplicationError(
            _("不在征求意见期内（%(start)s 至 %(end)s）。")
            % {
                "start": solicitation.start_date,
                "end": solicitation.end_date,
            }
        )
    opinion = SolicitationOpinion(
        solicitation=solicitation,
        station=station,
        content=content,
        clause=clause,
        contributor_count=contributor_count,
        recorded_by=actor,
    )
    _save(actor, opinion)
    return opinion


CONSULTATION_FIELDS = (
    "station",
    "date",
    "body_kind",
    "body_name",
    "topic",
    "participants",
    "participant_count",
    "outcome",
)


@transaction.atomic
def consultation_create(*, actor: User, **fields: Any) -> Consultation:
    roles.require_office_staff(actor)
    ensure_in_scope(actor, fields["station"])
    consultation = Consultation(**{k: v for k, v in fields.items() if k in CONSULTATION_FIELDS})
    _save(actor, consultation)
    return consultation


# Evaluation
# ------------------------------------------------------------------------------


@transaction.atomic
def indicator_set_create(
    *, actor: User, region: Region, year: int, name: str, indicators: list[dict[str, Any]]
) -> EvaluationIndicatorSet:
    """An indicator set with its weights; the weights must add up to 100."""
    roles.require_office_staff(actor)
    ensure_region_in_scope(actor, region)
    if region.level == RegionLevel.TOWNSHIP:
        raise ApplicationError(_("指标体系由县级以上人大常委会制定。"), field="region")
    total = sum((Decimal(str(i["weight"])) for i in indicators), Decimal(0))
    if not indicators or total != Decimal(100):
        raise ApplicationError(_("各项指标权重之和应为100，当前为%(total)s。") % {"total": total}, field="indicators")
    if EvaluationIndicatorSet.objects.filter(region=region, year=year).exists():
        raise ApplicationError(_("该区划本年度的指标体系已存在。"), field="year")
    indicator_set = EvaluationIndicatorSet(region=region, year=year, name=name)
    _save(actor, indicator_set)
    EvaluationIndicator.objects.bulk_create(
        [
            EvaluationIndicator(
                indicator_set=indicator_set,
                name=i["name"],
                description=i.get("description", ""),
                weight=Decimal(str(i["weight"])),
                position=n,
            )
            for n, i in enumerate(indicators)
        ]
    )
    return indicator_set


def _applicable_set(station: Station, year: int) -> EvaluationIndicatorSet:
    """The nearest set for the station's year: county's, else city's, else province's."""
    code = station.region.code
    for prefix in (code[:6], code[:4].ljust(6, "0"), code[:2].ljust(6, "0")):
        found = EvaluationIndicatorSet.objects.filter(region__code=prefix, year=year).first()
        if found is not None:
            return found
    raise ApplicationError(_("%(year)s年度尚未制定适用于该站点的评价指标体系。") % {"year": year})


def _scores(indicator_set: EvaluationIndicatorSet, scores: dict[int, Decimal]) -> dict[int, Decimal]:
    indicators = {i.pk: i for i in indicator_set.indicators.all()}
    if set(scores) != set(indicators):
        raise ApplicationError(_("请为每一项指标打分。"), field="scores")
    for value in scores.values():
        if not Decimal(0) <= Decimal(value) <= Decimal(100):
            raise ApplicationError(_("每项得分应在0到100之间。"), field="scores")
    return {pk: Decimal(value) for pk, value in scores.items()}


def _weighted_total(evaluation: StationEvaluation, field: str) -> Decimal | None:
    """Sum of score × weight / 100 in exact decimals (a handful of rows per evaluation)."""
    rows = evaluation.scores.select_related("indicator")
    values = [(getattr(row, field), row.indicator.weight) for row in rows]
    if not values or any(score is None for score, _weight in values):
        return None
    total = sum((Decimal(score) * Decimal(weight) / 100 for score, weight in values), Decimal(0))
    return total.quantize(Decimal("0.01"))


@transaction.atomic
def evaluation_self_score(
    *, actor: User, station: Station, year: int, quarter: int, scores: dict[int, Decimal]
) -> StationEvaluation:
    """The station's quarterly self-evaluation, one score (0–100) per indicator."""
    roles.require_office_staff(actor)
    ensure_in_scope(actor, station)
    indicator_set = _applicable_set(station, year)
    values = _scores(indicator_set, scores)
    evaluation, _created = StationEvaluation.objects.select_for_update().get_or_create(
        station=station, indicator_set=indicator_set, quarter=quarter
    )
    if evaluation.review_total is not None:
        raise ApplicationError(_("上级已完成考评，不能再修改自评。"))
    for indicator_id, value in values.items():
        EvaluationScore.objects.update_or_create(
            evaluation=evaluation, indicator_id=indicator_id, defaults={"self_score": value}
        )
    evaluation.self_total = _weighted_total(evaluation, "self_score")
    _save(actor, evaluation)
    return evaluation


@transaction.atomic
def evaluation_review_score(
    *, actor: User, evaluation: StationEvaluation, scores: dict[int, Decimal], note: str = ""
) -> StationEvaluation:
    """City or county staff score a station's quarter; a station's own region level may not review itself."""
    roles.require_office_staff(actor)
    ensure_in_scope(actor, evaluation)
    evaluation = StationEvaluation.objects.select_for_update().select_related("indicator_set").get(pk=evaluation.pk)
    values = _scores(evaluation.indicator_set, scores)
    for indicator_id, value in values.items():
        EvaluationScore.objects.update_or_create(
            evaluation=evaluation, indicator_id=indicator_id, defaults={"review_score": value}
        )
    evaluation.review_total = _weighted_total(evaluation, "review_score")
    evaluation.reviewer_note = note
    _save(actor, evaluation)
    return evaluation


# Inspection
# ------------------------------------------------------------------------------


@transaction.atomic
def inspection_create(
    *, actor: User, region: Region, title: str, date: date, stations, summary: str = ""
) -> Inspection:
    roles.require_office_staff(actor)
    ensure_region_in_scope(actor, region)
    stations = list(stations)
    for station in stations:
        ensure_in_scope(actor, station)
    inspection = Inspection(region=region, title=title, date=date, summary=summary)
    _save(actor, inspection)
    inspection.stations.set(stations)
    return inspection


@transaction.atomic
def problem_add(
    *,
    actor: User,
    inspection: Inspection,
    station: Station,
    category: str,
    description: str,
    owner: str,
    deadline: date,
) -> InspectionProblem:
    roles.require_office_staff(actor)
    ensure_in_scope(actor, inspection)
    ensure_in_scope(actor, station)
    if deadline < inspection.date:
        raise ApplicationError(_("整改期限不能早于检查日期。"), field="deadline")
    problem = InspectionProblem(
        inspection=inspection,
        station=station,
        category=category,
        description=description,
        owner=owner,
        deadline=deadline,
    )
    _save(actor, problem)
    inspection.stations.add(station)
    return problem


# The transition that leads to each status chosen on the problem's page.
PROBLEM_STEP_TO = {ProblemStatus.RECTIFYING: "start_rectification", ProblemStatus.RECTIFIED: "rectify"}


@transaction.atomic
def problem_update_status(
    *, actor: User, problem: InspectionProblem, status: str, rectification: str = ""
) -> InspectionProblem:
    """Record a problem's rectification: progress in its status, or a move to the status chosen."""
    problem = lock(problem)
    ensure_in_scope(actor, problem)
    if problem.status == ProblemStatus.RECTIFIED:
        raise ApplicationError(_("该问题已整改完成。"))
    if status == ProblemStatus.RECTIFIED and not rectification.strip():
        raise ApplicationError(_("请填写整改情况。"), field="rectification")
    name = "report_progress" if status == problem.status else PROBLEM_STEP_TO.get(status)
    if name is None:
        raise ApplicationError(_("整改状态不能变更为所选状态。"), field="status")
    return move(
        PROBLEM_FLOW,
        problem,
        name,
        actor=actor,
        note=rectification,
        rectification=rectification or problem.rectification,
        rectified_on=today() if status == ProblemStatus.RECTIFIED else None,
    )
