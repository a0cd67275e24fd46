"""A simple rate limit per client address, kept in Django's cache.

A fixed window: the first request of an address starts a counter that lives `window`
seconds. Good enough to stop a script flooding the form; not a defence against a botnet.
The address is `core.client.client_address`: REMOTE_ADDR, or behind a configured trusted proxy
the address it forwarded; a forwarding header that is not configured is ignored.
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from klachtwijs.core.client import client_address

DEFAULTS = {"intake": (10, 600), "resend": (5, 600), "status": (20, 600)}


def _limits(scope: str) -> tuple[int, int]:
    configured = getattr(settings, "KLACHTWIJS", {}).get("RATE_LIMITS", {})
    return tuple(configured.get(scope, DEFAULTS[scope]))


def rate_limited(request: HttpRequest, scope: str) -> bool:
    """Count this request; True when the address made more than the limit in the window."""
    limit, window = _limits(scope)
    key = f"ratelimit:{scope}:{client_address(request) or ''}"
    if cache.add(key, 1, timeout=window):
        return limit < 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        count = 1
    return count > limit
