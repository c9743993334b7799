"""Test mode: fast hashing, mail kept in memory; the database comes from DATABASE_URL."""

from config.env import env_bool, env_str

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
AXES_ENABLED = True
# Tests run tasks in-process; the tests that need a real worker switch it off
# (tests/conftest.py: celery_worker_process), with the broker from the environment.
CELERY_TASK_ALWAYS_EAGER = True
# From the environment for the worker processes the real-worker tests start on the test's own media root.
MEDIA_ROOT = env_str("MEDIA_ROOT", str(BASE_DIR / ".test-media"))  # noqa: F405
LOGGING = {**LOGGING, "loggers": {"axes": {"level": "WARNING"}}}  # noqa: F405
# Demo and tests reach the admin without a phone app; production keeps the second factor.
ADMIN_REQUIRE_OTP = env_bool("ADMIN_REQUIRE_OTP", False)
