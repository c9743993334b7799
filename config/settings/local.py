"""Development mode: the default for manage.py, make run and make test."""

from config.env import env_bool

from .base import *  # noqa: F403

DEBUG = env_bool("DEBUG", True)
# Demo and tests reach the admin without a phone app; production keeps the second factor.
ADMIN_REQUIRE_OTP = env_bool("ADMIN_REQUIRE_OTP", False)
