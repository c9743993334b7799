from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import NotificationDelivery


class PreferencesForm(forms.Form):
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    notification_delivery = forms.ChoiceField(label=_("通知方式"), choices=NotificationDelivery.choices)


class OTPTokenForm(forms.Form):
    token = forms.RegexField(
        label=_("动态口令"),
        regex=r"^[0-9]{6}$",
        error_messages={"invalid": _("请输入 6 位数字动态口令。")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class OTPEnrolmentCodeForm(forms.Form):
    code = forms.CharField(
        label=_("动态口令绑定码"),
        max_length=32,
        help_text=_("由安全管理员签发，仅可使用一次。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
