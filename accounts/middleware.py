from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .gate import OTP_REQUIRED, account_gate

_EXEMPT_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/health/")


class AccountPolicyMiddleware:
    """Enforce the account gate (accounts.gate) on every page and on the admin site.

    A password that must change (first login of a seeded, imported or reset
    account, or expired) sends the user to the change form; a user who must use
    a second factor (the admin site, or staff who opted in) to the one-time
    password page until this session is verified. The API applies the same
    gate in its authentication classes (a token never passes this middleware
    as a user) and answers 403 with the gate's code instead of redirecting.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        path = request.path
        if path.startswith(_EXEMPT_PREFIXES) or path.startswith("/api/"):
            return self.get_response(request)
        code = account_gate(user, admin_site=path.startswith("/admin/"))
        if code is None:
            return self.get_response(request)
        if code == OTP_REQUIRED:
            return redirect(f"{reverse('otp_verify')}?{urlencode({'next': request.get_full_path()})}")
        return redirect(reverse("password_change"))
