"""Test settings: only speed-ups and test back-ends on top of base."""

import tempfile
from pathlib import Path

from klachtwijs.settings.base import *  # noqa: F403
from klachtwijs.settings.base import DATABASES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Memory, so a test without database access can clear it; the shared database cache of
# production is tested on its own (tests/intake/test_form_submit.py) and used by the load tests.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
AXES_ENABLED = True
# The tests' webhook receivers listen on loopback over plain http.
KLACHTWIJS["WEBHOOK_ALLOW_LOOPBACK_HTTP"] = True  # noqa: F405
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# WhiteNoise warns on every request when STATIC_ROOT does not exist; tests never collect.
STATIC_ROOT = Path(tempfile.gettempdir()) / "klachtwijs-test-static"
STATIC_ROOT.mkdir(exist_ok=True)
