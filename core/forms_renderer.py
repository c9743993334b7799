from django.forms.renderers import TemplatesSetting


class PortalFormRenderer(TemplatesSetting):
    """Every form renders with Bootstrap markup without per-form template work."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"
