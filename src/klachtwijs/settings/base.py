"""All settings, read from the environment with safe defaults (see README, "Settings")."""

from pathlib import Path

import dj_database_url

from klachtwijs.settings.email import parse_email_url
from klachtwijs.settings.env import env_bool, env_int, env_list, env_str, secret_key

PACKAGE_DIR = Path(__file__).resolve().parent.parent
# The working folder: SQLite file, generated secret and uploads live here unless told otherwise.
WORK_DIR = Path.cwd()
STATE_DIR = WORK_DIR / ".klachtwijs"

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = secret_key(STATE_DIR / "secret_key")
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else ["127.0.0.1", "localhost"]
)
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = [SITE_URL] if SITE_URL.startswith("https://") else []

INSTALLED_APPS = [
    "klachtwijs.organisation.apps.KlachtwijsAdminConfig",  # django.contrib.admin with our site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_htmx",
    "template_partials",
    "rest_framework",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "klachtwijs.core",
    "klachtwijs.organisation",
    "klachtwijs.feedback",
    "klachtwijs.notifications",
    "klachtwijs.webhooks",
    "klachtwijs.accounts",
    "klachtwijs.intake",
    "klachtwijs.reports",
    "klachtwijs.register",
    "klachtwijs.privacy",
    "klachtwijs.demo",
    "klachtwijs.api",
    "klachtwijs.mailin",
    "klachtwijs.onboarding",
]

MIDDLEWARE = [
    # Issue 15: Permissions-Policy on every response (the 503 page and static files too) and
    # no-store on private ones (core/middleware.py::response_is_private).
    "klachtwijs.core.middleware.ResponseHeadersMiddleware",
    # First: a database outage becomes a friendly 503 page, never a 500 or a lost form.
    "klachtwijs.core.db_unavailable.DatabaseUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The parent's pages in the parent's language, the staff side in Dutch (docs/i18n.md).
    "klachtwijs.core.languages.ParentLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's and django-otp's, with the user and device kept in memory (issue 18).
    "klachtwijs.core.middleware.CachedAuthenticationMiddleware",
    "klachtwijs.core.middleware.CachedOTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "klachtwijs.core.middleware.StaffIdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last, so it sees the user the view (or DRF's token check) decided on.
    "klachtwijs.core.middleware.AccessLogMiddleware",
]

ROOT_URLCONF = "klachtwijs.urls"
WSGI_APPLICATION = "klachtwijs.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "klachtwijs.organisation.context_processors.site",
            ],
        },
    },
    # The heavy back-office pages (overview, search, my dossiers, dossier page) in Jinja2:
    # several times faster to render (core/jinja2.py). Templates in each app's jinja2/ folder;
    # views choose it with `using="jinja2"`.
    {
        "NAME": "jinja2",
        "BACKEND": "klachtwijs.core.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "klachtwijs.organisation.jinja2.environment",
            "context_processors": [
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "klachtwijs.organisation.context_processors.site",
            ],
        },
    },
]

# One cache shared by every worker process, in the database (its table is made by core's
# migration 0003): the public form's rate limit must count a client's requests across all
# gunicorn workers, which a per-process memory cache would not.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "klachtwijs_cache",
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    }
}

# Selects rendered in Python: identical markup, a fraction of the time (core/form_renderer.py).
FORM_RENDERER = "klachtwijs.core.form_renderer.FastSelectRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{WORK_DIR / 'klachtwijs.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web process and the task worker share one file.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "organisation.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Single sign-on (OpenID Connect); answers nothing unless KLACHTWIJS_OIDC is configured.
    "klachtwijs.accounts.oidc.OidcBackend",
]
# Single sign-on for staff through the organisation's identity provider (accounts/oidc.py,
# README "Single sign-on"). Off unless a client id and an issuer (or the endpoints) are set.
KLACHTWIJS_OIDC = {
    "ISSUER": env_str("KLACHTWIJS_OIDC_ISSUER", "").rstrip("/"),
    "AUTHORIZATION_ENDPOINT": env_str("KLACHTWIJS_OIDC_AUTHORIZATION_ENDPOINT", ""),
    "TOKEN_ENDPOINT": env_str("KLACHTWIJS_OIDC_TOKEN_ENDPOINT", ""),
    "USERINFO_ENDPOINT": env_str("KLACHTWIJS_OIDC_USERINFO_ENDPOINT", ""),
    "JWKS_ENDPOINT": env_str("KLACHTWIJS_OIDC_JWKS_ENDPOINT", ""),
    "CLIENT_ID": env_str("KLACHTWIJS_OIDC_CLIENT_ID", ""),
    "CLIENT_SECRET": env_str("KLACHTWIJS_OIDC_CLIENT_SECRET", ""),
    "SCOPES": env_str("KLACHTWIJS_OIDC_SCOPES", "openid email profile"),
    "SIGN_ALGO": env_str("KLACHTWIJS_OIDC_SIGN_ALGO", "RS256"),
    "GROUPS_CLAIM": env_str("KLACHTWIJS_OIDC_GROUPS_CLAIM", "groups"),
    # The ID token proves multi-factor authentication when its `amr` holds one of these or its
    # `acr` is one of MFA_ACR; only then is our own TOTP step skipped.
    "MFA_AMR": env_list("KLACHTWIJS_OIDC_MFA_AMR", ["mfa", "otp", "hwk", "sms", "sc", "fpt"]),
    "MFA_ACR": env_list("KLACHTWIJS_OIDC_MFA_ACR", []),
}
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "klachtwijs.core.passwords.MinimumLengthValidator",  # Dutch message
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
# Dutch is the source language and the organisation's: staff pages, letters and the annual
# report are Dutch. A parent's pages, mails and the cover of a letter also come in these
# languages, each named in its own words for the switch (core/languages.py, docs/i18n.md).
LANGUAGES = [
    ("nl", "Nederlands"),
    ("en", "English"),
    ("ar", "العربية"),
    ("tr", "Türkçe"),
    ("pl", "Polski"),
    ("uk", "Українська"),
]
LANGUAGE_COOKIE_NAME = "klachtwijs_taal"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Project-wide static files (CSS, vendored JS) live beside the templates, not in an app.
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(env_str("KLACHTWIJS_STATIC_ROOT", str(STATE_DIR / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploads and generated letters: outside the static folders, served only through views
# that check permission.
MEDIA_ROOT = Path(env_str("KLACHTWIJS_MEDIA_ROOT", str(STATE_DIR / "media")))
MEDIA_URL = "/media-not-served/"

globals().update(parse_email_url(env_str("EMAIL_URL", "console:")))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "klachtwijs@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Issue 15 (mail hardening): a mail server that accepts and then hangs cannot stall the worker
# longer than this per SMTP command; a claim on a message outlives a stuck send by far, and a
# claim of a worker that died is taken over by the deferred check (notifications/tasks.py).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "staff:home"
# Database sessions, read from each worker's memory until any session changes (issue 18).
SESSION_ENGINE = "klachtwijs.core.sessions"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 8)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content Security Policy (django-csp 4): no inline script or style anywhere; a view that
# really needs more says so with a csp decorator of its own.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if not DEBUG and SITE_URL.startswith("https://"):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # The container health checks ask over plain http on loopback (core/health.py).
    SECURE_REDIRECT_EXEMPT = [r"^health/"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# The name an authenticator app shows beside the account (the key itself is shown once only).
OTP_TOTP_ISSUER = "Klachtwijs"
CSRF_FAILURE_VIEW = "klachtwijs.core.errors.csrf_failure"  # Dutch, in our own look
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# Locked per user name AND address: someone who knows a user name cannot lock that person out
# from another address. Per user name over all addresses the sign-in slows down instead
# (organisation/throttle.py). The address: core/client.py (a trusted proxy's header only when
# configured).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "klachtwijs.core.client.client_address"

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Klachtwijs API",
    "VERSION": "1.0.0",
    # `check --deploy` generates the schema with these global settings: the same names as
    # api/views/docs.py gives them, so the deploy check sees no enum name collisions.
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "StatusEnum": "klachtwijs.feedback.models.Status",
        "KindEnum": "klachtwijs.feedback.models.Kind",
        "ChannelEnum": "klachtwijs.feedback.models.Channel",
        "EventKindEnum": "klachtwijs.feedback.models.Event.Kind",
        "ContactChannelEnum": "klachtwijs.feedback.models.Event.ContactChannel",
    },
}

# Product settings: the organisation's own choices that are not legal rules.
KLACHTWIJS = {
    # Days before a term ends that handler and quality officer are reminded.
    "REMINDER_DAYS_BEFORE": env_int("KLACHTWIJS_REMINDER_DAYS_BEFORE", 7),
    # The private status link keeps working this many days after closing.
    "PRIVATE_LINK_DAYS_AFTER_CLOSING": env_int("KLACHTWIJS_PRIVATE_LINK_DAYS", 90),
    # Retention: anonymise this many days after closing (P2: default two years).
    "RETENTION_DAYS": env_int("KLACHTWIJS_RETENTION_DAYS", 730),
    # Warn the handler when the parent has heard nothing for this many days (H2).
    "QUIET_DAYS": env_int("KLACHTWIJS_QUIET_DAYS", 7),
    # Staff are signed out after this many minutes without a request.
    "STAFF_IDLE_MINUTES": env_int("KLACHTWIJS_STAFF_IDLE_MINUTES", 30),
    # Webhooks (docs/webhooks.md): seconds to wait for the receiver, attempts before giving up,
    # and whether plain http to this machine is allowed (development and tests only).
    "WEBHOOK_TIMEOUT": env_int("KLACHTWIJS_WEBHOOK_TIMEOUT", 10),
    "WEBHOOK_MAX_ATTEMPTS": env_int("KLACHTWIJS_WEBHOOK_MAX_ATTEMPTS", 10),
    "WEBHOOK_ALLOW_LOOPBACK_HTTP": env_bool("KLACHTWIJS_WEBHOOK_ALLOW_LOOPBACK_HTTP", DEBUG),
    # /health/ready: a background task may wait this long before the worker counts as stuck,
    # and the oldest mail not yet sent may be this old (core/health.py).
    "HEALTH_WORKER_MINUTES": env_int("KLACHTWIJS_HEALTH_WORKER_MINUTES", 15),
    "HEALTH_MAIL_MINUTES": env_int("KLACHTWIJS_HEALTH_MAIL_MINUTES", 60),
    # `klachtwijs scheduler`: the local time of the daily run (HH:MM).
    "DAILY_AT": env_str("KLACHTWIJS_DAILY_AT", "06:00"),
    # A worker's claim on a mail lasts this long; then another worker takes it over (issue 15).
    "MAIL_CLAIM_SECONDS": env_int("KLACHTWIJS_MAIL_CLAIM_SECONDS", 300),
    # Behind a reverse proxy: the header that carries the client's address and how many of
    # our proxies append to it (core/client.py). Empty: REMOTE_ADDR, every header ignored.
    "TRUSTED_PROXY_HEADER": env_str("KLACHTWIJS_TRUSTED_PROXY_HEADER", ""),
    "TRUSTED_PROXY_COUNT": env_int("KLACHTWIJS_TRUSTED_PROXY_COUNT", 1),
    # After this many failed sign-ins for one user name (from any address, within the
    # lock-out's cool-off), each further attempt for it waits this many seconds after the last
    # failure; never from an address the person signed in from before.
    "LOGIN_SLOWDOWN_AFTER": env_int("KLACHTWIJS_LOGIN_SLOWDOWN_AFTER", 10),
    "LOGIN_SLOWDOWN_SECONDS": env_int("KLACHTWIJS_LOGIN_SLOWDOWN_SECONDS", 60),
    # Bytes of attachments that failed forms may hold per client address and all together
    # (intake/uploads.py).
    "UPLOAD_HOLD_PER_ADDRESS": env_int("KLACHTWIJS_UPLOAD_HOLD_PER_ADDRESS_MB", 50) * 1024 * 1024,
    "UPLOAD_HOLD_TOTAL": env_int("KLACHTWIJS_UPLOAD_HOLD_TOTAL_MB", 1024) * 1024 * 1024,
    # Mail from parents (klachtwijs.mailin): the reply mailbox, e.g. antwoord@klachten.example.nl
    # (mail to parents gets antwoord+<token>@…; empty: off), and the IMAP box it is read from.
    "REPLY_ADDRESS": env_str("KLACHTWIJS_REPLY_ADDRESS", ""),
    "IMAP_HOST": env_str("KLACHTWIJS_IMAP_HOST", ""),
    "IMAP_PORT": env_int("KLACHTWIJS_IMAP_PORT", 993),
    "IMAP_USER": env_str("KLACHTWIJS_IMAP_USER", ""),
    "IMAP_PASSWORD": env_str("KLACHTWIJS_IMAP_PASSWORD", ""),
    # "ssl" (IMAPS, port 993), "starttls" (port 143) or "none" (only on a trusted network)
    "IMAP_SSL": env_str("KLACHTWIJS_IMAP_SSL", "ssl"),
    "IMAP_FOLDER": env_str("KLACHTWIJS_IMAP_FOLDER", "INBOX"),
    "IMAP_DONE_FOLDER": env_str("KLACHTWIJS_IMAP_DONE_FOLDER", "Verwerkt"),
    "IMAP_EVERY_MINUTES": env_int("KLACHTWIJS_IMAP_EVERY_MINUTES", 5),
}

# Issue 15: the personal-data and token filter goes on every handler, also Django's own
# (django.server, mail_admins), not only on ours (core/logging.py).
LOGGING_CONFIG = "klachtwijs.core.logging.configure_logging"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"personal_data": {"()": "klachtwijs.core.logging.PersonalDataFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["personal_data"]},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
AXES_VERBOSE = False
