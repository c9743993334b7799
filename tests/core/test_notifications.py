import pytest
from django.core import mail
from django.urls import reverse

from accounts.choices import NotificationDelivery
from core.services import notification_send, notification_send_daily_digests

pytestmark = pytest.mark.django_db(transaction=True)


def test_bell_shows_unread_count_and_opening_marks_read(client, county_user):
    note = notification_send(recipients=[county_user], title="有新的交办事项", url="/")[0]
    client.force_login(county_user)
    page = client.get(reverse("core:notification_list")).content.decode()
    assert 'id="unread-count">1<' in page
    client.get(reverse("core:notification_open", args=[note.pk]))
    page = client.get(reverse("core:notification_list")).content.decode()
    assert 'id="unread-count"' not in page


def test_immediate_users_get_mail_at_once_digest_users_once_a_day(county_user, other_county_user):
    county_user.email = "a@example.cn"
    county_user.save()
    other_county_user.email = "b@example.cn"
    other_county_user.notification_delivery = NotificationDelivery.DAILY_DIGEST
    other_county_user.save()
    notification_send(recipients=[county_user, other_county_user], title="通知一")
    notification_send(recipients=[other_county_user], title="通知二")
    assert [m.to for m in mail.outbox] == [["a@example.cn"]]
    assert notification_send_daily_digests() == 1
    assert mail.outbox[-1].to == ["b@example.cn"]
    assert "通知一" in mail.outbox[-1].body and "通知二" in mail.outbox[-1].body
    assert notification_send_daily_digests() == 0  # nothing mailed twice


def test_other_users_notifications_are_not_reachable(client, county_user, other_county_user):
    note = notification_send(recipients=[county_user], title="私有")[0]
    client.force_login(other_county_user)
    assert client.get(reverse("core:notification_open", args=[note.pk])).status_code == 404
