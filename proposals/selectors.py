"""Reads: lists, the deputy's space, the unit queue, the office overview and the unit scorecard.

Figures are counted in SQL (``Count(filter=Q(...))``); shares are computed
from those numerators and denominators, never summed from rounded shares.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from stats.metrics import share as registered_share

from . import calendar as workdays
from .choices import (
    IN_HANDLING,
    CosignStatus,
    ProposalStatus,
    ReplyClass,
    Satisfaction,
    UnitRole,
)
from .filters import AssignmentFilterSet, ProposalFilterSet
from .models import (
    Assignment,
    ContactRecord,
    Cosignature,
    HandlingUnit,
    Proposal,
    Rating,
    Reply,
    Session,
)


def share(numerator: int, denominator: int) -> Decimal | None:
    """A percentage with one decimal (807 of 955 -> 84.5), None when there is nothing to divide."""
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _latest_reply(field_name: str):
    return Subquery(Reply.objects.filter(proposal=OuterRef("pk")).order_by("-round").values(field_name)[:1])


def proposal_list(*, user, filters=None, request=None):
    """Proposals visible to ``user``, with what list pages, the API and exports show."""
    lead_units = Assignment.objects.filter(active=True, role=UnitRole.LEAD).select_related("unit")
    qs = (
        Proposal.objects.visible_to(user)
        .select_related("session", "deputy__person", "region")
        .prefetch_related(Prefetch("assignments", queryset=lead_units, to_attr="lead_assignments"))
        .annotate(latest_class=_latest_reply("classification"))
        .order_by("-pk")
    )
    if filters is not None:
        qs = ProposalFilterSet(filters, queryset=qs, request=request).qs
    return qs


def proposal_get(*, user, pk: int) -> Proposal:
    return Proposal.objects.visible_to(user).select_related("session__congress", "deputy__person", "region").get(pk=pk)


def deputy_space(*, user) -> dict:
    """The deputy's own space: drafts, submitted, in handling, to rate, closed, co-sign invitations."""
    own = Proposal.objects.visible_to(user).filter(deputy__person__user=user).select_related("session").order_by("-pk")
    return {
        "drafts": own.filter(status__in=[ProposalStatus.DRAFT, ProposalStatus.RETURNED]),
        "submitted": own.filter(status__in=[ProposalStatus.SUBMITTED, ProposalStatus.REGISTERED]),
        "in_handling": own.filter(status__in=IN_HANDLING),
        "to_rate": own.filter(status=ProposalStatus.REPLIED),
        "closed": own.filter(status=ProposalStatus.CLOSED),
        "invitations": Cosignature.objects.filter(
            deputy__person__user=user,
            status=CosignStatus.INVITED,
            proposal__status__in=[ProposalStatus.DRAFT, ProposalStatus.RETURNED],
        ).select_related("proposal__deputy__person", "proposal__session"),
    }


def unit_queue(*, user, filters=None, request=None):
    """Active assignments of the units the user works for."""
    qs = (
        Assignment.objects.visible_to(user)
        .filter(active=True, unit__memberships__user=user)
        .select_related("unit", "proposal__session", "proposal__deputy__person")
        .order_by("proposal__deadline", "pk")
    )
    if filters is not None:
        qs = AssignmentFilterSet(filters, queryset=qs, request=request).qs
    return qs


def similar_titles(*, proposal: Proposal, limit: int = 5, threshold: float = 0.45) -> list[tuple[Proposal, float]]:
    """Submitted proposals of the same session whose titles look like this one's.

    SQL narrows to titles sharing at least one two-character chunk (bigram);
    difflib's ratio then ranks the few candidates. Boilerplate such as
    “关于” and “的建议” is dropped first so that it does not match everything.
    """
    core = proposal.title
    for noise in ("关于", "的建议", "的议案", "建议", "议案", "进一步", "加强", "推进"):
        core = core.replace(noise, "")
    bigrams = {core[i : i + 2] for i in range(len(core) - 1) if core[i : i + 2].strip()}
    if not bigrams:
        return []
    condition = Q()
    for gram in list(bigrams)[:40]:
        condition |= Q(title__contains=gram)
    candidates = (
        Proposal.objects.filter(session_id=proposal.session_id)
        .exclude(pk=proposal.pk)
        .exclude(status=ProposalStatus.DRAFT)
        .filter(condition)
        .only("pk", "title", "number", "kind", "status")[:200]
    )
    scored = [(c, difflib.SequenceMatcher(None, proposal.title, c.title).ratio()) for c in candidates]
    scored = [(c, round(r, 2)) for c, r in scored if r >= threshold]
    return sorted(scored, key=lambda pair: -pair[1])[:limit]


# Office overview and unit scorecard
# ------------------------------------------------------------------------------


@dataclass
class Overview:
    total: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    by_kind: dict[str, int] = field(default_factory=dict)
    registered: int = 0
    replied: int = 0
    classes: dict[str, int] = field(default_factory=dict)
    class_shares: dict[str, Decimal | None] = field(default_factory=dict)
    ratings: int = 0
    result_counts: dict[str, int] = field(default_factory=dict)
    result_shares: dict[str, Decimal | None] = field(default_factory=dict)
    work_counts: dict[str, int] = field(default_factory=dict)
    work_shares: dict[str, Decimal | None] = field(default_factory=dict)
    rehandled: int = 0
    overdue: int = 0
    due_soon: int = 0
    key_supervised: int = 0
    units: list[dict] = field(default_factory=list)
    class_share_definition: str = ""


def _due_soon_limit(session: Session | None, today: dt.date) -> dt.date:
    days = session.due_soon_days if session is not None else 10
    return workdays.add_working_days(today, days)


def session_overview(*, user, session: Session | None = None, kind: str | None = None) -> Overview:
    """Counts per state, per unit, A/B/C and satisfaction shares, overdue, for one session."""
    today = timezone.localdate()
    qs = Proposal.objects.visible_to(user).exclude(status=ProposalStatus.DRAFT)
    if session is not None:
        qs = qs.filter(session=session)
    if kind:
        qs = qs.filter(kind=kind)
    soon = _due_soon_limit(session, today)
    in_handling = Q(status__in=IN_HANDLING)
    registered_q = Q(number__isnull=False)
    figures = qs.annotate(latest_class=_latest_reply("classification")).aggregate(
        total=Count("pk"),
        registered=Count("pk", filter=registered_q),
        replied=Count("pk", filter=Q(latest_class__isnull=False)),
        a=Count("pk", filter=Q(latest_class=ReplyClass.A)),
        b=Count("pk", filter=Q(latest_class=ReplyClass.B)),
        c=Count("pk", filter=Q(latest_class=ReplyClass.C)),
        rehandled=Count("pk", filter=Q(round__gt=1)),
        overdue=Count("pk", filter=in_handling & Q(deadline__lt=today)),
        due_soon=Count("pk", filter=in_handling & Q(deadline__gte=today, deadline__lte=soon)),
        key_supervised=Count("pk", filter=Q(key_supervision__isnull=False)),
    )
    overview = Overview(
        total=figures["total"],
        registered=figures["registered"],
        replied=figures["replied"],
        rehandled=figures["rehandled"],
        overdue=figures["overdue"],
        due_soon=figures["due_soon"],
        key_supervised=figures["key_supervised"],
    )
    overview.by_status = dict(qs.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    overview.by_kind = dict(qs.order_by().values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    overview.classes = {"A": figures["a"], "B": figures["b"], "C": figures["c"]}
    # One definition with the dashboard (stats share "replies_a_share"): the latest
    # round's class over the suggestions answered, so A + B + C add up to 100 %.
    overview.class_shares = {k: share(v, overview.replied) for k, v in overview.classes.items()}
    overview.class_share_definition = registered_share("replies_a_share").definition

    # Every rating counts, including a first-round 'unsatisfied' later re-handled.
    rating_qs = Rating.objects.filter(reply__proposal__in=qs.values("pk"))
    rating_figures = rating_qs.aggregate(
        total=Count("pk"),
        **{f"result_{s}": Count("pk", filter=Q(result_rating=s)) for s in Satisfaction.values},
        **{f"work_{s}": Count("pk", filter=Q(work_rating=s)) for s in Satisfaction.values},
    )
    overview.ratings = rating_figures["total"]
    overview.result_counts = {s: rating_figures[f"result_{s}"] for s in Satisfaction.values}
    overview.work_counts = {s: rating_figures[f"work_{s}"] for s in Satisfaction.values}
    overview.result_shares = {s: share(n, overview.ratings) for s, n in overview.result_counts.items()}
    overview.work_shares = {s: share(n, overview.ratings) for s, n in overview.work_counts.items()}
    overview.units = unit_scorecard(user=user, session=session, proposals=qs)
    return overview


def unit_scorecard(*, user, session: Session | None = None, proposals=None) -> list[dict]:
    """Per lead unit: tasks, overdue, replied on time, contact made, A/B/C mix, satisfaction."""
    today = timezone.localdate()
    if proposals is None:
        proposals = Proposal.objects.visible_to(user).exclude(status=ProposalStatus.DRAFT)
        if session is not None:
            proposals = proposals.filter(session=session)
    ids = proposals.values("pk")
    tasks = {
        row["unit"]: row
        for row in Assignment.objects.filter(proposal__in=ids, role=UnitRole.LEAD, active=True)
        .values("unit")
        .annotate(
            tasks=Count("pk"),
            signed=Count("pk", filter=Q(signed_at__isnull=False)),
            overdue=Count("pk", filter=Q(proposal__status__in=IN_HANDLING, proposal__deadline__lt=today)),
        )
        .order_by()
    }
    # Timeliness counts every reply a unit gave; the A/B/C mix only the latest
    # round's, as the A-share is defined (stats share "replies_a_share").
    latest = Q(round=F("proposal__round"))
    replies = {
        row["unit"]: row
        for row in Reply.objects.filter(proposal__in=ids)
        .values("unit")
        .annotate(
            replies=Count("pk"),
            on_time=Count("pk", filter=Q(on_time=True)),
            answered=Count("pk", filter=latest),
            a=Count("pk", filter=latest & Q(classification=ReplyClass.A)),
            b=Count("pk", filter=latest & Q(classification=ReplyClass.B)),
            c=Count("pk", filter=latest & Q(classification=ReplyClass.C)),
        )
        .order_by()
    }
    contacted = {
        row["unit"]: row["n"]
        for row in ContactRecord.objects.filter(proposal__in=ids)
        .values("unit")
        .annotate(n=Count("proposal", distinct=True))
        .order_by()
    }
    ratings = {
        row["reply__unit"]: row
        for row in Rating.objects.filter(reply__proposal__in=ids)
        .values("reply__unit")
        .annotate(
            rated=Count("pk"),
            satisfied=Count("pk", filter=Q(result_rating=Satisfaction.SATISFIED)),
            basic=Count("pk", filter=Q(result_rating=Satisfaction.BASIC)),
            unsatisfied=Count("pk", filter=Q(result_rating=Satisfaction.UNSATISFIED)),
        )
        .order_by()
    }
    unit_ids = set(tasks) | set(replies)
    names = dict(HandlingUnit.objects.filter(pk__in=unit_ids).values_list("pk", "name"))
    rows = []
    for unit_id in sorted(unit_ids, key=lambda pk: names.get(pk, "")):
        t, r, g = tasks.get(unit_id, {}), replies.get(unit_id, {}), ratings.get(unit_id, {})
        n_replies, rated = r.get("replies", 0), g.get("rated", 0)
        rows.append(
            {
                "unit_id": unit_id,
                "unit": names.get(unit_id, ""),
                "tasks": t.get("tasks", 0),
                "signed": t.get("signed", 0),
                "overdue": t.get("overdue", 0),
                "replies": n_replies,
                "on_time": r.get("on_time", 0),
                "on_time_share": share(r.get("on_time", 0), n_replies),
                "contacted": contacted.get(unit_id, 0),
                "contact_share": share(contacted.get(unit_id, 0), t.get("tasks", 0)),
                "a": r.get("a", 0),
                "b": r.get("b", 0),
                "c": r.get("c", 0),
                "a_share": share(r.get("a", 0), r.get("answered", 0)),
                "rated": rated,
                "satisfied": g.get("satisfied", 0),
                "basic": g.get("basic", 0),
                "unsatisfied": g.get("unsatisfied", 0),
                "satisfied_share": share(g.get("satisfied", 0) + g.get("basic", 0), rated),
            }
        )
    return rows


# Reminders and disclosure
# ------------------------------------------------------------------------------


def due_assignments(*, today: dt.date | None = None):
    """Active assignments of proposals in handling that are overdue or due soon, with their state."""
    today = today or timezone.localdate()
    qs = (
        Assignment.objects.filter(active=True, proposal__status__in=IN_HANDLING)
        .select_related("unit", "proposal__session", "proposal__region")
        .order_by("proposal__deadline")
    )
    overdue, soon = [], []
    for assignment in qs.filter(proposal__deadline__isnull=False):
        deadline = assignment.proposal.deadline
        if deadline < today:
            overdue.append(assignment)
        elif deadline <= _due_soon_limit(assignment.proposal.session, today):
            soon.append(assignment)
    return overdue, soon


def public_replies():
    """Replies marked public, of rated proposals whose deputy agreed to disclosure: the public page."""
    return (
        Reply.objects.filter(is_public=True, rating__isnull=False, proposal__disclosure_agreed=True)
        .select_related("proposal__session", "proposal__deputy__person", "unit")
        .order_by("-submitted_at")
    )
