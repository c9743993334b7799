from django import forms

from .scoping import regions_visible_to


class ScopedModelForm(forms.ModelForm):
    """A ModelForm whose related choices (regions, scoped models) stop at the user's jurisdiction."""

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is None:
                continue
            if queryset.model._meta.label == "regions.Region":
                field.queryset = regions_visible_to(user)
            elif hasattr(queryset, "visible_to"):
                field.queryset = queryset.visible_to(user)


class ActionForm(forms.Form):
    """The form of one workflow step; ``target`` is the record the step applies to."""

    def __init__(self, *args, user, target=None, **kwargs):
        self.user = user
        self.target = target
        super().__init__(*args, **kwargs)


class ConfirmForm(ActionForm):
    """A step with nothing to fill in."""


class TestIdMixin:
    """Give every field a stable ``data-testid`` (``field-<name>``) for the browser tests."""

    def _add_test_ids(self):
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("data-testid", f"field-{name}")
