"""The account gate: one answer to "may this signed-in user work yet?" for every entry point.

A password that must change (first login of a seeded, imported or reset
account), a password past its age, or a second factor the user must pass
and has not: each closes the pages, the admin site and the API alike. The
page middleware sends the user to the form that opens the gate; the API
answers 403 with the gate's code; the admin site refuses entry.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, status

PASSWORD_CHANGE_REQUIRED = "password_change_required"
PASSWORD_EXPIRED = "password_expired"
OTP_REQUIRED = "otp_required"

MESSAGES = {
    PASSWORD_CHANGE_REQUIRED: _("请先修改密码后再使用本系统。"),
    PASSWORD_EXPIRED: _("密码已过期，请先修改密码。"),
    OTP_REQUIRED: _("请先通过动态口令验证。"),
}


def account_gate(user, *, admin_site: bool = False, verified: bool | None = None) -> str | None:
    """The code of the first gate ``user`` has not passed, or None when every gate is open.

    ``verified`` says whether this request passed the second factor; by default
    it is read from the user django-otp's middleware decorated. A request
    without a session (an API token) has not passed it.
    """
    if user is None or not user.is_authenticated:
        return None
    if user.must_change_password:
        return PASSWORD_CHANGE_REQUIRED
    if user.password_expired(settings.PASSWORD_MAX_AGE_DAYS):
        return PASSWORD_EXPIRED
    if user.otp_required or (admin_site and settings.ADMIN_REQUIRE_OTP):
        if verified is None:
            is_verified = getattr(user, "is_verified", None)
            verified = bool(is_verified()) if callable(is_verified) else False
        if not verified:
            return OTP_REQUIRED
    return None


class AccountGateClosed(exceptions.APIException):
    status_code = status.HTTP_403_FORBIDDEN
    default_code = "account_gate"

    def __init__(self, code: str):
        super().__init__(detail={"detail": MESSAGES[code], "code": code}, code=code)


def _check(result):
    if result is not None:
        user = result[0]
        code = account_gate(user)
        if code is not None:
            raise AccountGateClosed(code)
    return result


class GatedSessionAuthentication(authentication.SessionAuthentication):
    """The browser session, closed by the same gate as the pages."""

    def authenticate(self, request):
        return _check(super().authenticate(request))


class GatedTokenAuthentication(authentication.TokenAuthentication):
    """An API token; a token is not a second factor, so a user who must pass one cannot use it."""

    def authenticate(self, request):
        return _check(super().authenticate(request))


class GatedSessionScheme(OpenApiAuthenticationExtension):
    """The API schema describes the gated session as the plain session cookie it is."""

    target_class = "accounts.gate.GatedSessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": settings.SESSION_COOKIE_NAME}
