"""Daily deadline reminders to handling units and offices."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.choices import STAFF_ROLES
from accounts.models import User
from core.services import notification_send

from ..choices import (
    UnitRole,
)
from ..models import ReminderLog
from ..selectors import due_assignments
from ._common import (
    _today,
)

# Reminders
# ------------------------------------------------------------------------------


def deadline_reminders_send(*, today: dt.date | None = None) -> int:
    """Tell each handling unit and each office how many of its proposals are due soon or overdue.

    One notification per user and day: the ``ReminderLog`` row (unique per
    day, user and unit/office) is claimed before sending, so a second run on
    the same day sends nothing.
    """
    today = today or _today()
    overdue, soon = due_assignments(today=today)
    by_unit: dict[int, Counter] = {}
    by_region: dict[int, Counter] = {}
    for label, rows in (("overdue", overdue), ("soon", soon)):
        for assignment in rows:
            by_unit.setdefault(assignment.unit_id, Counter())[label] += 1
            if assignment.role == UnitRole.LEAD:
                by_region.setdefault(assignment.proposal.region_id, Counter())[label] += 1
    url = reverse("proposals:due_list")
    sent = 0
    targets = [
        (f"unit:{unit_id}", counts, User.objects.filter(unit_memberships__unit_id=unit_id, is_active=True))
        for unit_id, counts in by_unit.items()
    ] + [
        (f"office:{region_id}", counts, User.objects.filter(role__in=STAFF_ROLES, region_id=region_id, is_active=True))
        for region_id, counts in by_region.items()
    ]
    for key, counts, users in targets:
        title = _("议案建议办理提醒：即将到期 %(soon)d 件，已超期 %(overdue)d 件") % {
            "soon": counts["soon"],
            "overdue": counts["overdue"],
        }
        for user in users:
            with transaction.atomic():
                _log, created = ReminderLog.objects.get_or_create(sent_on=today, recipient=user, key=key)
                if created:
                    notification_send(recipients=[user], title=title, url=url)
                    sent += 1
    return sent
