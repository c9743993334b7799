from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode

register = template.Library()


@register.simple_tag
def opinion_form_url(deputy) -> str:
    """The liaison stations' public opinion form for this deputy, or "" until that app provides it."""
    try:
        base = reverse("liaison_stations:public_submit")
    except NoReverseMatch:
        return ""
    return f"{base}?{urlencode({'deputy': deputy.public_code})}"


@register.filter
def masked_id(person) -> str:
    return person.id_number_masked


@register.filter
def masked_mobile(person) -> str:
    return person.mobile_masked
