import datetime as dt

import pytest
import time_machine

from core.models import Notification
from proposals.tasks import proposal_send_deadline_reminders
from tests.factories import staff
from tests.proposals.factories import in_handling

pytestmark = pytest.mark.django_db


def test_reminders_go_to_unit_and_office_once_a_day(session, deputy, unit, unit_staff):
    office = staff("330000", username="office")
    in_handling(session, deputy, office, unit, unit_staff)
    Notification.objects.all().delete()
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=120)):
        assert proposal_send_deadline_reminders() == 2
        assert proposal_send_deadline_reminders() == 0
    titles = list(Notification.objects.values_list("recipient__username", "title"))
    assert ("minzheng", "议案建议办理提醒：即将到期 0 件，已超期 1 件") in titles
    assert ("office", "议案建议办理提醒：即将到期 0 件，已超期 1 件") in titles


def test_nothing_due_sends_nothing(session, deputy, unit, unit_staff):
    office = staff("330000", username="office")
    in_handling(session, deputy, office, unit, unit_staff)
    assert proposal_send_deadline_reminders() == 0
