"""Reads: every one starts from ``visible_to(user)``, except the public ones, whose names say so."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.db.models import Count, F, Prefetch, Q, Sum, Window
from django.db.models.functions import Rank

from deputies.models import Deputy
from deputies.selectors import deputy_mandates_for_user

from .choices import DUE_SOON_DAYS, OpinionStatus
from .models import (
    Consultation,
    InspectionProblem,
    OpinionItem,
    OpinionTransition,
    Reception,
    Solicitation,
    SolicitationOpinion,
    Station,
    StationEvaluation,
)
from .querysets import today

if TYPE_CHECKING:
    from accounts.models import User


def station_list(*, user: User):
    return (
        Station.objects.visible_to(user)
        .select_related("region__parent")
        .annotate(deputy_count=Count("deputies", distinct=True))
        .order_by("region__code", "name")
    )


def station_deputies(*, station: Station):
    return station.deputies.select_related("person", "congress").order_by("level", "person__name")


def reception_deputies() -> Prefetch:
    """Each reception's deputies as ``deputy_list``, in stroke order, with only what lists show.

    A person's ID number and mobile are encrypted: loading them would decrypt
    both for every deputy on the page.
    """
    deputies = Deputy.objects.select_related("person").only("level", "person__name")
    return Prefetch("deputies", queryset=deputies.order_by("person__name_stroke_key", "pk"), to_attr="deputy_list")


def reception_list(*, user: User):
    return Reception.objects.visible_to(user).select_related("station", "region").prefetch_related(reception_deputies())


def opinion_list(*, user: User):
    return (
        OpinionItem.objects.visible_to(user)
        .select_related("region", "station", "assigned_deputy__person")
        .with_due_flags()
    )


def opinion_work_queue(*, user: User):
    """Open items due soon or overdue in the user's jurisdiction, the most urgent first."""
    horizon = today() + timedelta(days=DUE_SOON_DAYS)
    return opinion_list(user=user).open().filter(step_due_date__lte=horizon).order_by("step_due_date", "pk")


def opinion_assigned_to(*, user: User):
    """Items handed to (or addressed to) the deputy user."""
    mandates = deputy_mandates_for_user(user).values("pk")
    return opinion_list(user=user).filter(Q(assigned_deputy__in=mandates) | Q(receiving_deputy__in=mandates))


def opinion_counts(*, user: User) -> dict[str, int]:
    day = today()
    items = OpinionItem.objects.visible_to(user)
    return items.aggregate(
        open=Count("pk", filter=~Q(status=OpinionStatus.CLOSED)),
        pending=Count("pk", filter=Q(status=OpinionStatus.PENDING)),
        overdue=Count("pk", filter=~Q(status=OpinionStatus.CLOSED) & Q(step_due_date__lt=day)),
        closed=Count("pk", filter=Q(status=OpinionStatus.CLOSED)),
    )


def opinion_history(*, item: OpinionItem):
    return OpinionTransition.objects.filter(item=item).select_related("actor")


def opinion_get_public(*, tracking_code: str) -> OpinionItem | None:
    """The one item a resident may see: found by its tracking code, nothing else."""
    code = (tracking_code or "").strip().upper().replace("-", "").replace(" ", "")
    if not code:
        return None
    return OpinionItem.objects.filter(tracking_code=code).select_related("station").first()


def station_get_public(*, public_code: str) -> Station | None:
    if not public_code:
        return None
    return Station.objects.filter(public_code=public_code, is_active=True).select_related("region").first()


def deputy_get_public(*, public_code: str) -> Deputy | None:
    if not public_code:
        return None
    return Deputy.objects.filter(public_code=public_code).select_related("person", "region").first()


def station_list_public(*, region_code: str):
    """Active stations of a township or street (or all of a county) for the public finder."""
    if not region_code or not region_code.isdigit():
        return Station.objects.none()
    return (
        Station.objects.filter(is_active=True, region__code__startswith=region_code)
        .select_related("region")
        .order_by("region__code", "name")
    )


def solicitation_list(*, user: User):
    return (
        Solicitation.objects.visible_to(user)
        .select_related("region")
        .annotate(station_count=Count("stations", distinct=True))
        .order_by("-start_date", "-pk")
    )


def solicitation_summary(*, solicitation: Solicitation, user: User):
    """Per-station opinion counts for the stations the user may see."""
    return (
        solicitation.stations.visible_to(user)
        .select_related("region")
        .annotate(
            opinion_count=Count("solicitation_opinions", filter=Q(solicitation_opinions__solicitation=solicitation)),
            contributor_total=Sum(
                "solicitation_opinions__contributor_count",
                filter=Q(solicitation_opinions__solicitation=solicitation),
            ),
        )
        .order_by("region__code", "name")
    )


def solicitation_opinions(*, solicitation: Solicitation, user: User):
    return (
        SolicitationOpinion.objects.visible_to(user)
        .filter(solicitation=solicitation)
        .select_related("station__region")
        .order_by("station__region__code", "station__name", "pk")
    )


def consultation_list(*, user: User):
    return Consultation.objects.visible_to(user).select_related("station__region")


def evaluation_ranking(*, user: User):
    """Quarterly evaluations ranked by the reviewer's score (else the self score) within each quarter.

    The ranking is a window function over the rows left after filtering, so
    filtering by a region ranks the stations within that region.
    """
    score = F("review_total")
    return (
        StationEvaluation.objects.visible_to(user)
        .select_related("station__region", "indicator_set")
        .annotate(
            rank=Window(
                expression=Rank(),
                partition_by=[F("indicator_set__year"), F("quarter")],
                order_by=[score.desc(nulls_last=True), F("self_total").desc(nulls_last=True)],
            )
        )
        .order_by("-indicator_set__year", "-quarter", "rank", "station__name")
    )


def problem_list(*, user: User):
    return InspectionProblem.objects.visible_to(user).select_related("station__region", "inspection").with_due_flags()
