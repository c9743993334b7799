"""Login lockout that a stranger cannot turn against an account holder.

Failures are counted twice: per (account, client address) pair with the
normal limit, and per account across every address with a higher one. A
stranger who knows an account name locks only their own address out of it;
locking the account itself takes failures from several addresses (a
distributed guessing attack), which is what the per-account limit is for.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.db.models import Sum


def _failures(attempts) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class PairThenAccountHandler(AxesDatabaseHandler):
    """AXES_LOCKOUT_PARAMETERS is [[username, ip_address], username]: the pair first, then the account."""

    def get_failures(self, request, credentials=None) -> int:
        pair, account = (_failures(attempts) for attempts in self.get_user_attempts(request, credentials))
        if account >= settings.AXES_ACCOUNT_FAILURE_LIMIT:
            # Axes compares one count with one limit: an account over its own limit counts as at the limit.
            return max(pair, get_failure_limit(request, credentials))
        return pair
