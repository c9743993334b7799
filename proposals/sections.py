"""This app's blocks on the home page and on a deputy's performance record."""

from django.db.models import Count, Q
from django.utils import timezone

from accounts import roles
from core.sections import register_section

from .choices import IN_HANDLING, CosignStatus, ProposalStatus
from .models import Assignment, Cosignature, Proposal


@register_section("home", template="proposals/sections/home.html", order=40)
def home(*, user, **kwargs):
    today = timezone.localdate()
    visible = Proposal.objects.visible_to(user)
    if roles.is_deputy(user):
        counts = visible.filter(deputy__person__user=user).aggregate(
            drafts=Count("pk", filter=Q(status__in=[ProposalStatus.DRAFT, ProposalStatus.RETURNED])),
            in_handling=Count("pk", filter=Q(status__in=IN_HANDLING)),
            to_rate=Count("pk", filter=Q(status=ProposalStatus.REPLIED)),
        )
        counts["invitations"] = Cosignature.objects.filter(
            deputy__person__user=user,
            status=CosignStatus.INVITED,
            proposal__status__in=[ProposalStatus.DRAFT, ProposalStatus.RETURNED],
        ).count()
        return {"role": "deputy", "counts": counts}
    if roles.is_unit_staff(user):
        mine = Assignment.objects.filter(active=True, unit__memberships__user=user, proposal__status__in=IN_HANDLING)
        counts = mine.aggregate(
            unsigned=Count("pk", filter=Q(signed_at__isnull=True)),
            in_handling=Count("pk"),
            overdue=Count("pk", filter=Q(proposal__deadline__lt=today)),
        )
        return {"role": "unit", "counts": counts}
    if roles.is_office_staff(user):
        counts = visible.aggregate(
            to_review=Count("pk", filter=Q(status=ProposalStatus.SUBMITTED)),
            to_assign=Count("pk", filter=Q(status=ProposalStatus.REGISTERED)),
            overdue=Count("pk", filter=Q(status__in=IN_HANDLING, deadline__lt=today)),
        )
        return {"role": "staff", "counts": counts}
    return None


@register_section("deputy_record", template="proposals/sections/deputy_record.html", order=40)
def deputy_record(*, deputy, user, **kwargs):
    """Motions and suggestions the deputy led or co-signed, as far as the viewer may see them."""
    visible = Proposal.objects.visible_to(user).exclude(status=ProposalStatus.DRAFT)
    led = visible.filter(deputy=deputy).select_related("session").order_by("-pk")
    cosigned = visible.filter(
        pk__in=Cosignature.objects.filter(deputy=deputy, status=CosignStatus.CONFIRMED).values("proposal_id")
    ).count()
    return {"led": list(led[:50]), "total": led.count(), "cosigned": cosigned}
