"""Writing the access log. The middleware calls this for page and API requests; commands that
read or erase a parent's data call it themselves."""

from django.http import HttpRequest

from klachtwijs.core.client import client_address
from klachtwijs.core.models import AccessLog


def client_ip(request: HttpRequest) -> str | None:
    """The address the request came from: REMOTE_ADDR, or behind a configured trusted proxy
    the address it forwarded (core/client.py)."""
    return client_address(request)


def access_log_record(
    *,
    user,
    action: str,
    request: HttpRequest | None = None,
    status_code: int | None = None,
    feedback_id: int | None = None,
    document_id: int | None = None,
    detail: str = "",
    username: str = "",
) -> AccessLog:
    """Append one row. Identifiers only: never put complaint text or a parent's data here.

    `username`: who acted when there is no user, e.g. "command:export_register".
    """
    match = getattr(request, "resolver_match", None) if request is not None else None
    return AccessLog.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        username=getattr(user, "username", "") or username,
        action=action,
        feedback_id=feedback_id,
        document_id=document_id,
        path=request.path[:300] if request is not None else "",
        view_name=(match.view_name if match else "")[:150],
        method=request.method if request is not None else "",
        status_code=status_code,
        ip_address=client_ip(request) if request is not None else None,
        detail=detail[:200],
    )
