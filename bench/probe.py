"""The Django side of the benchmark, run as its own process with the site's settings.

probe.py prepare   -> JSON: a signed-in session cookie (quality officer, verified 2FA),
                      the URLs to measure and the year to report on
probe.py figures Y -> JSON: seconds and peak memory to compute the report's figures of Y
probe.py count     -> JSON: dossiers and acknowledgements in the outbox
probe.py year Y    -> JSON: dossiers of year Y and rows of its report's appendix
"""

import json
import os
import resource
import sys
import time
from datetime import timedelta
from importlib import import_module

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings_bench")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from klachtwijs.feedback.models import Feedback  # noqa: E402
from klachtwijs.organisation.models import Role, User  # noqa: E402

SEARCH_WORD = "hek"  # in one of the synthetic stories: a few percent of all dossiers


def _session_cookie(user: User) -> str:
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, defaults={"name": "bench", "confirmed": True}
    )
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.set_expiry(timedelta(hours=8))
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def _reverse(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _dossier_url(pk: int) -> str | None:
    for name in ("staff:dossier", "staff:detail", "staff:feedback", "staff:feedback_detail"):
        if url := _reverse(name, pk):
            return url
    return None


def prepare() -> dict:
    user = User.objects.filter(role=Role.QUALITY_OFFICER, is_active=True).order_by("pk").first()
    dossier = Feedback.objects.filter(is_restricted=False).order_by("-received_at").first()
    home = _reverse("staff:home") or "/staff/"
    year = timezone.localdate().year - 1
    try:
        from klachtwijs.feedback.selectors import VIEW_OPEN
    except ImportError:
        VIEW_OPEN = "open"
    return {
        "cookie": _session_cookie(user),
        "year": year,
        "urls": {
            "form_get": "/klantreactie/",
            "list": home,
            "list_filtered": f"{home}?weergave={VIEW_OPEN}&kind=complaint",
            "dossier": _dossier_url(dossier.pk) if dossier else None,
            "api_list": "/api/v1/klantreacties/",
            "search": f"{home}?q={SEARCH_WORD}",
        },
    }


def figures(year: int) -> dict:
    from klachtwijs.reports import figures as f

    settings.DEBUG = True  # count queries
    reset_queries()
    scope = f.Scope(year=year)
    started = time.perf_counter()
    f.year_figures(scope)
    f.year_figures(scope.previous())
    f.location_figures(scope)
    f.quarter_figures(scope)
    f.quarter_terms(scope)
    list(f.disputes_of_year(scope))
    seconds = time.perf_counter() - started
    return {
        "seconds": round(seconds, 3),
        "queries": len(connection.queries),
        "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }


def year(year: int) -> dict:
    """The dossiers of `year` and the rows of its report's appendix (what the PDF holds)."""
    from klachtwijs.reports.content import appendix_rows
    from klachtwijs.reports.figures import Scope, scope_dossiers

    scope = Scope(year=year)
    return {
        "dossiers": scope_dossiers(scope).count() + scope_dossiers(scope, restricted=True).count(),
        "appendix_rows": len(appendix_rows(scope)),
    }


def count() -> dict:
    from klachtwijs.notifications.models import OutboxMessage

    return {
        "dossiers": Feedback.objects.count(),
        "acknowledgements": OutboxMessage.objects.filter(kind="acknowledgement").count(),
    }


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "prepare":
        result = prepare()
    elif command == "count":
        result = count()
    elif command == "year":
        result = year(int(sys.argv[2]))
    else:
        result = figures(int(sys.argv[2]))
    print("PROBE_JSON " + json.dumps(result))
