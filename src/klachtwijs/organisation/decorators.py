"""The gate in front of every staff view: signed in, second factor verified, role allowed.

The decision itself is `access.require`; this only wires it to views.
"""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

from klachtwijs.organisation import access


def staff_view(action: str) -> Callable:
    """Anonymous or unverified (no TOTP yet) -> the sign-in page; wrong role -> 403."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            user = request.user
            if not (user.is_authenticated and user.is_verified()):
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            access.require(user, action)
            return view(request, *args, **kwargs)

        wrapped.staff_action = action  # read by the URL-wide permission test
        return wrapped

    return decorator
