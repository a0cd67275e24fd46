"""Settings for the gunicorn that the load and fault tests start: production settings plus
the 503 middleware (until base.py lists it) and a rate limit out of the way (all load comes
from 127.0.0.1)."""

from klachtwijs.settings import base
from klachtwijs.settings.base import *  # noqa: F403
from klachtwijs.settings.base import KLACHTWIJS, MIDDLEWARE

DB_UNAVAILABLE = "klachtwijs.core.db_unavailable.DatabaseUnavailableMiddleware"
if DB_UNAVAILABLE not in MIDDLEWARE:
    MIDDLEWARE = [DB_UNAVAILABLE, *MIDDLEWARE]
KLACHTWIJS = {
    **KLACHTWIJS,
    "RATE_LIMITS": {"intake": (10**9, 600), "resend": (10**9, 600), "status": (10**9, 600)},
}
# Without a collected manifest the pages cannot be rendered with DEBUG off.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if not getattr(base, "STATICFILES_DIRS", None):
    STATICFILES_DIRS = [base.PACKAGE_DIR / "static"]
