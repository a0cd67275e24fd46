"""The client's address, the same for the lock-out (django-axes), the rate limits and the
access log.

Without configuration it is REMOTE_ADDR and every forwarding header is ignored: anyone can
write an X-Forwarded-For. Behind a reverse proxy, set `KLACHTWIJS_TRUSTED_PROXY_HEADER` (e.g.
`X-Forwarded-For`) and `KLACHTWIJS_TRUSTED_PROXY_COUNT` (how many proxies of yours append to
it, default 1): the address is then the entry that the outermost of your proxies appended,
counted from the right, so what a client writes into the header itself is never taken. Only
configure it when the application can be reached through those proxies alone.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _conf() -> tuple[str, int]:
    conf = getattr(settings, "KLACHTWIJS", {})
    return conf.get("TRUSTED_PROXY_HEADER", ""), int(conf.get("TRUSTED_PROXY_COUNT", 1))


def client_address(request: HttpRequest) -> str | None:
    """The address the request came from (see the module's docstring)."""
    remote = request.META.get("REMOTE_ADDR") or None
    header, count = _conf()
    if not header or count < 1:
        return remote
    meta = "HTTP_" + header.upper().replace("-", "_")
    values = [v.strip() for v in request.META.get(meta, "").split(",") if v.strip()]
    if len(values) < count:
        return remote
    try:
        return str(ipaddress.ip_address(values[-count]))
    except ValueError:
        return remote
