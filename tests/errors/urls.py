"""The project's URLs plus one view that fails, to see the 500 page (handlers included)."""

from django.core.exceptions import SuspiciousOperation
from django.urls import path

from klachtwijs.urls import handler400, handler403, handler404, handler500, urlpatterns


def _fails(request):
    raise RuntimeError("boom")


def _suspicious(request):
    raise SuspiciousOperation("odd request")


urlpatterns = [
    path("staff/kapot/", _fails),
    path("kapot/", _fails),
    path("vreemd/", _suspicious),
    *urlpatterns,
]
__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
