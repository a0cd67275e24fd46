"""A user name under attack from many addresses slows down instead of locking (issue 15).

django-axes locks per user name and address (AXES_LOCKOUT_PARAMETERS), so nobody can lock a
colleague out from somewhere else. Against guessing one user name from many addresses this
adds a pause: after `LOGIN_SLOWDOWN_AFTER` failures for the user name within the lock-out's
cool-off, an attempt must wait `LOGIN_SLOWDOWN_SECONDS` after the last failure. An address the
person signed in from before is never slowed, so they keep working from their own desk.
"""

import math
from datetime import datetime, timedelta

from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone


def _conf() -> tuple[int, int]:
    conf = getattr(settings, "KLACHTWIJS", {})
    return int(conf.get("LOGIN_SLOWDOWN_AFTER", 10)), int(conf.get("LOGIN_SLOWDOWN_SECONDS", 60))


def username_wait(*, username: str, address: str | None, at: datetime | None = None) -> int:
    """Seconds before a sign-in for `username` from `address` may be tried (0: now)."""
    after, pause = _conf()
    if not username or after < 1 or pause < 1:
        return 0
    at = at or timezone.now()
    since = at - timedelta(hours=settings.AXES_COOLOFF_TIME)
    failures = AccessAttempt.objects.filter(username=username, attempt_time__gte=since).aggregate(
        total=Sum("failures_since_start"), last=Max("attempt_time")
    )
    if (failures["total"] or 0) < after:
        return 0
    if address and AccessLog.objects.filter(username=username, ip_address=address).exists():
        return 0
    left = pause - (at - failures["last"]).total_seconds()
    return max(0, math.ceil(left))
