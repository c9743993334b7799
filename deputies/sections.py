"""This app's blocks on the home page and on a deputy's performance record."""

from django.db.models import Sum

from accounts import roles
from core.sections import register_section

from . import selectors
from .models import CheckIn, Contact, GroupMembership, TrainingAttendance


@register_section("home", template="deputies/sections/home.html", order=10)
def home(*, user, **kwargs):
    if roles.is_office_staff(user):
        return {"staff": True, "counts": selectors.home_counts(user=user)}
    if roles.is_deputy(user):
        mandates = list(selectors.deputy_mandates_for_user(user))
        if not mandates:
            return None
        ids = [m.pk for m in mandates]
        return {
            "staff": False,
            "mandates": mandates,
            "summary": {
                "groups": GroupMembership.objects.filter(deputy_id__in=ids, end_date__isnull=True).count(),
                "contacts": Contact.objects.filter(deputy_id__in=ids).count(),
                "hours": TrainingAttendance.objects.filter(deputy_id__in=ids, attended=True).aggregate(t=Sum("hours"))[
                    "t"
                ]
                or 0,
                "check_ins": CheckIn.objects.filter(deputy_id__in=ids).count(),
            },
        }
    return None


@register_section("deputy_record", template="deputies/sections/groups.html", order=10)
def groups(*, deputy, user, **kwargs):
    return {"memberships": list(selectors.deputy_groups(deputy=deputy))}


@register_section("deputy_record", template="deputies/sections/contacts.html", order=20)
def contacts(*, deputy, user, **kwargs):
    rows = list(selectors.deputy_contacts(deputy=deputy)[:50])
    return {"contacts": rows, "total": deputy.contacts.count()}


@register_section("deputy_record", template="deputies/sections/trainings.html", order=30)
def trainings(*, deputy, user, **kwargs):
    return {
        "trainings": list(selectors.deputy_trainings(deputy=deputy)),
        "hours": selectors.training_hours(deputy=deputy),
    }


@register_section("deputy_record", template="deputies/sections/check_ins.html", order=40)
def check_ins(*, deputy, user, **kwargs):
    return {"check_ins": list(selectors.deputy_check_ins(deputy=deputy)[:50]), "total": deputy.check_ins.count()}
