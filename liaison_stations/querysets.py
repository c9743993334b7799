"""Querysets whose annotations are computed by the database (overdue, due soon, ranking)."""

from datetime import date, timedelta

from django.db import models
from django.utils import timezone

from core.scoping import RegionScopedQuerySet

from .choices import DUE_SOON_DAYS, OPEN_STATUSES, ProblemStatus


def today() -> date:
    """Today in the portal's time zone (Asia/Shanghai), not the server's UTC date."""
    return timezone.localdate()


class OpinionItemQuerySet(RegionScopedQuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, on: date | None = None):
        return self.open().filter(step_due_date__lt=on or today())

    def due_soon(self, on: date | None = None):
        on = on or today()
        return self.open().filter(step_due_date__gte=on, step_due_date__lte=on + timedelta(days=DUE_SOON_DAYS))

    def with_due_flags(self, on: date | None = None):
        on = on or today()
        is_open = models.Q(status__in=OPEN_STATUSES)
        return self.annotate(
            is_overdue=models.Case(
                models.When(is_open & models.Q(step_due_date__lt=on), then=models.Value(True)),
                default=models.Value(False),
                output_field=models.BooleanField(),
            ),
            is_due_soon=models.Case(
                models.When(
                    is_open & models.Q(step_due_date__gte=on, step_due_date__lte=on + timedelta(days=DUE_SOON_DAYS)),
                    then=models.Value(True),
                ),
                default=models.Value(False),
                output_field=models.BooleanField(),
            ),
        )


class InspectionProblemQuerySet(RegionScopedQuerySet):
    def overdue(self, on: date | None = None):
        return self.exclude(status=ProblemStatus.RECTIFIED).filter(deadline__lt=on or today())

    def with_due_flags(self, on: date | None = None):
        on = on or today()
        return self.annotate(
            is_overdue=models.Case(
                models.When(
                    ~models.Q(status=ProblemStatus.RECTIFIED) & models.Q(deadline__lt=on), then=models.Value(True)
                ),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )
        )
