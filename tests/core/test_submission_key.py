"""A form submitted twice (double click, browser retry) creates one record."""

import pytest
from django import forms
from django.test import RequestFactory

from core.models import Notification
from core.services import notification_send
from core.views import ServiceFormView

pytestmark = pytest.mark.django_db


class NoteForm(forms.Form):
    title = forms.CharField()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)


class NoteCreateView(ServiceFormView):
    form_class = NoteForm
    template_name = "core/notification_list.html"

    def perform(self, form):
        return notification_send(recipients=[self.request.user], title=form.cleaned_data["title"])[0]

    def get_success_url(self, result) -> str:
        return f"/notifications/{result.pk}/"


def submit(user, data):
    request = RequestFactory().post("/x/", data)
    request.user = user
    request._messages = type("M", (), {"add": lambda *a, **k: None})()
    return NoteCreateView.as_view()(request)


def test_the_rendered_form_carries_a_one_time_key(county_user):
    request = RequestFactory().get("/x/")
    request.user = county_user
    view = NoteCreateView()
    view.setup(request)
    form = view.get_form()
    assert len(form.fields["submission_key"].initial) == 32


def test_submitting_the_same_form_twice_creates_one_record(county_user):
    first = submit(county_user, {"title": "交办", "submission_key": "k" * 32})
    second = submit(county_user, {"title": "交办", "submission_key": "k" * 32})
    assert Notification.objects.filter(title="交办").count() == 1
    assert first.status_code == second.status_code == 302 and first.url == second.url


def test_a_new_form_creates_a_new_record(county_user):
    submit(county_user, {"title": "交办", "submission_key": "a" * 32})
    submit(county_user, {"title": "交办", "submission_key": "b" * 32})
    assert Notification.objects.filter(title="交办").count() == 2
