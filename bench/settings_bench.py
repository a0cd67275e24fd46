"""Klachtwijs's production settings (from the environment), plus benchmark-only changes.

All load comes from one address (127.0.0.1), so the public form's per-address rate limit
would answer almost every POST with "too many requests"; here it is raised out of the way.
"""

from klachtwijs.settings import base
from klachtwijs.settings.base import *  # noqa: F403
from klachtwijs.settings.base import KLACHTWIJS

KLACHTWIJS = {
    **KLACHTWIJS,
    "RATE_LIMITS": {"intake": (10**9, 600), "resend": (10**9, 600), "status": (10**9, 600)},
}
# src/klachtwijs/static is no app's static folder: without this, collectstatic misses
# klachtwijs/site.css and every page fails with DEBUG off (until base.py lists it).
if not getattr(base, "STATICFILES_DIRS", None):
    STATICFILES_DIRS = [base.PACKAGE_DIR / "static"]
