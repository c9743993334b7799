from django import template
from django.forms import CheckboxInput, CheckboxSelectMultiple, RadioSelect, Select, SelectMultiple

from core.masking import mask_phone

register = template.Library()


@register.filter
def widget_class(field) -> str:
    widget = field.field.widget
    if isinstance(widget, CheckboxInput):
        return "form-check-input"
    if isinstance(widget, (CheckboxSelectMultiple, RadioSelect)):
        return ""
    if isinstance(widget, (Select, SelectMultiple)):
        return "form-select"
    return "form-control"


@register.filter
def bootstrap(field):
    """Render a bound field's widget with Bootstrap classes and error state."""
    css = widget_class(field)
    if field.errors:
        css += " is-invalid"
    return field.as_widget(attrs={"class": css.strip()})


@register.simple_tag(takes_context=True)
def query_with(context, **kwargs) -> str:
    """The current query string with some parameters replaced (pagination, sorting)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    return query.urlencode()


@register.filter
def percent(value, digits: int = 1) -> str:
    """0.845 -> "84.5%"; None (nothing to divide) -> "—"."""
    if value is None or value == "":
        return "—"
    return f"{float(value) * 100:.{int(digits)}f}%"


@register.filter
def abs_value(value):
    """-2257 -> 2257: a decrease is written as "减少 2257", never as a negative count."""
    return abs(value)


@register.filter
def masked_phone(value) -> str:
    """138****5678: a resident's or visitor's phone is never shown in full on a page."""
    return mask_phone(value)
