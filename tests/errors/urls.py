"""The project's URLs plus one view that fails, to see the 500 page (handlers included)."""

from django.urls import path

from klachtwijs.urls import handler400, handler403, handler404, handler500, urlpatterns


def _fails(request):
    raise RuntimeError("boom")


urlpatterns = [
    path("staff/kapot/", _fails),
    path("kapot/", _fails),
    *urlpatterns,
]
__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
