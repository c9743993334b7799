"""Writes: stations, receptions, opinion items and their handling flow, and station work records.

Every opinion-item transition locks the row (``select_for_update``), checks
the move against ``ALLOWED_TRANSITIONS`` and writes one history row, all in one
transaction: of two concurrent transitions on the same item exactly one wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import STAFF_ROLES, Role
from core.exceptions import ApplicationError
from core.scoping import ensure_in_scope, ensure_region_in_scope, sees_everything
from core.services import notification_send
from regions.choices import RegionLevel

from .choices import (
    ALLOWED_TRANSITIONS,
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
from .querysets import today

if TYPE_CHECKING:
    from accounts.models import User
    from deputies.models import Deputy
    from regions.models import Region


def _require_staff(actor: User) -> None:
    if not (sees_everything(actor) or actor.role in STAFF_ROLES):
        raise PermissionDenied(_("只有代表工作机构的工作人员可以进行此操作。"))


def _save(actor: User, obj, *, update_fields: list[str] | None = None) -> None:
    obj.full_clean()
    obj.save(update_fields=update_fields)
    ensure_in_scope(actor, obj)


# Stations and receptions
# ------------------------------------------------------------------------------


STATION_FIELDS = ("name", "kind", "region", "address", "opening_hours", "contact_name", "contact_phone", "description")


@transaction.atomic
def station_create(*, actor: User, deputies=None, **fields: Any) -> Station:
    _require_staff(actor)
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
    _require_staff(actor)
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
    _require_staff(actor)
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


def _lock(item: OpinionItem) -> OpinionItem:
    return OpinionItem.objects.select_for_update().get(pk=item.pk)


def _move(
    *,
    item: OpinionItem,
    action: str,
    actor: User | None,
    note: str = "",
    due_date: date | None = None,
) -> OpinionTransition:
    """Check ``action`` against ALLOWED_TRANSITIONS on the locked row and record the move."""
    sources, target = ALLOWED_TRANSITIONS[action]
    from_status = item.status
    if from_status not in sources:
        raise ApplicationError(
            _("该事项当前状态为“%(current)s”，不能执行“%(action)s”操作（可能已被他人处理，请刷新页面）。")
            % {"current": OpinionStatus(from_status).label, "action": OpinionAction(action).label}
        )
    item.status = target
    item.step_due_date = due_date if due_date is not None else _due(target)
    return OpinionTransition(
        item=item,
        action=action,
        from_status=from_status,
        to_status=target,
        actor=actor,
        actor_label=_actor_label(actor),
        note=note,
        due_date=item.step_due_date,
    )


def _finish(actor: User | None, item: OpinionItem, transition: OpinionTransition) -> OpinionItem:
    item.full_clean(exclude=["tracking_code"])
    item.save()
    transition.save()
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
    _require_staff(actor)
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
    return _finish(
        actor,
        item,
        OpinionTransition(
            item=item,
            action=OpinionAction.CREATE,
            from_status="",
            to_status=OpinionStatus.REGISTERED,
            actor=actor,
            actor_label=_actor_label(actor),
            due_date=item.step_due_date,
        ),
    )


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
                saved = _finish(
                    None,
                    item,
                    OpinionTransition(
                        item=item,
                        action=OpinionAction.SUBMIT,
                        from_status="",
                        to_status=OpinionStatus.PENDING,
                        actor_label=str(_("群众")),
                        due_date=item.step_due_date,
                    ),
                )
                # Stored with the item in one transaction: the deputy's notice (and its
                # mail, through the job outbox) cannot be lost if the broker is down.
                _notify_receiving_deputy(saved)
                return saved
        except IntegrityError:  # a tracking-code collision: draw another
            from .models.opinions import new_tracking_code

            item.pk = None
            item.tracking_code = new_tracking_code()
    raise ApplicationError(_("提交失败，请稍后重试。"))


@transaction.atomic
def opinion_register(*, actor: User, item: OpinionItem, category: str | None = None, note: str = "") -> OpinionItem:
    _require_staff(actor)
    ensure_in_scope(actor, item)
    item = _lock(item)
    transition = _move(item=item, action=OpinionAction.REGISTER, actor=actor, note=note)
    if category:
        item.category = category
    item.received_by = actor
    item.registered_at = timezone.now()
    return _finish(actor, item, transition)


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
    _require_staff(actor)
    ensure_in_scope(actor, item)
    if not unit and deputy is None:
        raise ApplicationError(_("请指定承办部门或承办代表。"), field="unit")
    if due_date is not None and due_date < today():
        raise ApplicationError(_("办理期限不能早于今天。"), field="due_date")
    item = _lock(item)
    transition = _move(item=item, action=OpinionAction.ASSIGN, actor=actor, note=note, due_date=due_date)
    item.assigned_unit = unit
    item.assigned_deputy = deputy
    _finish(actor, item, transition)
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
    ensure_in_scope(actor, item)
    item = _lock(item)
    is_assigned_deputy = (
        actor.role == Role.DEPUTY
        and item.assigned_deputy_id is not None
        and (item.assigned_deputy.person.user_id == actor.pk)
    )
    if not is_assigned_deputy:
        _require_staff(actor)
    if not result.strip():
        raise ApplicationError(_("请填写办理情况。"), field="result")
    transition = _move(item=item, action=OpinionAction.HANDLE, actor=actor, note=result)
    item.handling_result = result
    return _finish(actor, item, transition)


@transaction.atomic
def opinion_supervise(*, actor: User, item: OpinionItem, note: str) -> OpinionItem:
    _require_staff(actor)
    ensure_in_scope(actor, item)
    if not note.strip():
        raise ApplicationError(_("请填写督办意见。"), field="note")
    item = _lock(item)
    transition = _move(item=item, action=OpinionAction.SUPERVISE, actor=actor, note=note)
    item.supervision_note = note
    return _finish(actor, item, transition)


@transaction.atomic
def opinion_reply(*, actor: User, item: OpinionItem, reply: str) -> OpinionItem:
    """The answer the resident will read on the tracking page."""
    _require_staff(actor)
    ensure_in_scope(actor, item)
    if not reply.strip():
        raise ApplicationError(_("请填写答复内容。"), field="reply")
    item = _lock(item)
    transition = _move(item=item, action=OpinionAction.REPLY, actor=actor, note=reply)
    item.reply = reply
    item.replied_at = timezone.now()
    return _finish(actor, item, transition)


@transaction.atomic
def opinion_close(*, actor: User, item: OpinionItem, note: str = "") -> OpinionItem:
    _require_staff(actor)
    ensure_in_scope(actor, item)
    item = _lock(item)
    transition = _move(item=item, action=OpinionAction.CLOSE, actor=actor, note=note)
    item.closed_at = timezone.now()
    item.rating, item.rating_comment, item.rated_at = "", "", None
    return _finish(actor, item, transition)


def _reopen(*, item: OpinionItem, actor: User | None, reason: str, due_date: date | None = None) -> OpinionItem:
    transition = _move(item=item, action=OpinionAction.REOPEN, actor=actor, note=reason, due_date=due_date)
    item.reopen_count += 1
    item.closed_at = None
    item.rating, item.rating_comment, item.rated_at = "", "", None
    _finish(actor, item, transition)
    _notify_assigned_deputy(item)
    return item


@transaction.atomic
def opinion_reopen(*, actor: User, item: OpinionItem, reason: str, due_date: date | None = None) -> OpinionItem:
    """The only way back from "closed": a supervisor sends the item back for re-handling, with a reason."""
    _require_staff(actor)
    ensure_in_scope(actor, item)
    if not reason.strip():
        raise ApplicationError(_("重新办理须说明理由。"), field="reason")
    return _reopen(item=_lock(item), actor=actor, reason=reason, due_date=due_date)


@transaction.atomic
def opinion_rate_public(*, tracking_code: str, rating: str, comment: str = "") -> OpinionItem:
    """The resident rates a closed item; "unsatisfied" sends it back for re-handling."""
    item = OpinionItem.objects.select_for_update().filter(tracking_code=tracking_code).first()
    if item is None:
        raise ApplicationError(_("查询码不存在，请核对后重新输入。"), field="code")
    if item.status != OpinionStatus.CLOSED:
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
    from accounts.models import User

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
    _require_staff(actor)
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
    _require_staff(actor)
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
    _require_staff(actor)
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
    _require_staff(actor)
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
    _require_staff(actor)
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
    _require_staff(actor)
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
    _require_staff(actor)
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
    _require_staff(actor)
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


@transaction.atomic
def problem_update_status(
    *, actor: User, problem: InspectionProblem, status: str, rectification: str = ""
) -> InspectionProblem:
    _require_staff(actor)
    ensure_in_scope(actor, problem)
    problem = InspectionProblem.objects.select_for_update().get(pk=problem.pk)
    if problem.status == ProblemStatus.RECTIFIED:
        raise ApplicationError(_("该问题已整改完成。"))
    if status == ProblemStatus.RECTIFIED and not rectification.strip():
        raise ApplicationError(_("请填写整改情况。"), field="rectification")
    problem.status = status
    problem.rectification = rectification or problem.rectification
    problem.rectified_on = today() if status == ProblemStatus.RECTIFIED else None
    _save(actor, problem)
    return problem
