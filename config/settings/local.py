"""Development mode: the default for manage.py, make run and make test."""

from config.env import env_bool

from .base import *  # noqa: F403

DEBUG = env_bool("DEBUG", True)
