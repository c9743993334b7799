from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import NotificationDelivery


class PreferencesForm(forms.Form):
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    notification_delivery = forms.ChoiceField(label=_("通知方式"), choices=NotificationDelivery.choices)
