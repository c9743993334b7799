"""The demo fills a year of personnel work and can run twice."""

import io
import random

import pytest

from accounts import demo as accounts_demo
from core.demo import DemoContext
from core.management.commands.seed_demo import DEMO_PASSWORD
from personnel import demo
from personnel.choices import AppointmentStatus, DutyReportStatus, ReviewPlanStatus
from personnel.models import AppointmentCase, DutyReport, ReviewedHead, ReviewPlan

pytestmark = pytest.mark.django_db


def run() -> DemoContext:
    ctx = DemoContext(rng=random.Random(2026), size="small", stdout=io.StringIO())
    ctx.shared["password"] = DEMO_PASSWORD
    accounts_demo.seed(ctx)
    demo.seed(ctx)
    return ctx


def test_the_demo_fills_a_year_at_two_levels_and_is_idempotent():
    run()
    counts = (AppointmentCase.objects.count(), DutyReport.objects.count(), ReviewPlan.objects.count())
    statuses = set(AppointmentCase.objects.values_list("status", flat=True))
    regions = set(AppointmentCase.objects.values_list("congress__region__code", flat=True))

    assert regions == {"330000", "330100"}
    assert {AppointmentStatus.SWORN, AppointmentStatus.REGISTERED, AppointmentStatus.APPROVED} <= statuses
    assert DutyReport.objects.filter(status=DutyReportStatus.REPORTED).exists()
    assert DutyReport.objects.filter(status=DutyReportStatus.EVALUATING).exists()
    assert ReviewPlan.objects.get().status == ReviewPlanStatus.RECTIFYING
    assert sorted(ReviewedHead.objects.values_list("rank", flat=True))[0] == 1

    second = run()
    assert (AppointmentCase.objects.count(), DutyReport.objects.count(), ReviewPlan.objects.count()) == counts
    assert any(username == demo.MEMBER_USERNAME for _role, username, _pw in second.logins)
