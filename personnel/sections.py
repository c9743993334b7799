"""Blocks this app adds to the home page."""

from core.sections import register_section

from . import selectors


@register_section("home", template="personnel/sections/home.html", order=60)
def home_section(*, user, **kwargs):
    """Open evaluations waiting for the user's ballot, for standing-committee members."""
    pending = list(selectors.ballots_pending(user=user))
    if not pending:
        return None
    return {"pending_ballots": pending}
