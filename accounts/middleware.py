from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

_EXEMPT_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/health/")


class AccountPolicyMiddleware:
    """Enforce the account policy on every page.

    A password that must change (first login of a seeded or imported account,
    or expired) sends the user to the change form; a user who must use a
    second factor (the admin site, or staff who opted in) to the one-time
    password page until this session is verified.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        path = request.path
        # API clients authenticate per request (tokens); the policy is for browser sessions.
        if user is None or not user.is_authenticated or path.startswith(_EXEMPT_PREFIXES) or path.startswith("/api/"):
            return self.get_response(request)
        if user.must_change_password or user.password_expired(settings.PASSWORD_MAX_AGE_DAYS):
            return redirect(reverse("password_change"))
        needs_otp = user.otp_required or (settings.ADMIN_REQUIRE_OTP and path.startswith("/admin/"))
        if needs_otp and not user.is_verified():
            return redirect(f"{reverse('otp_verify')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
