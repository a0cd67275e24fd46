"""Staff entry on behalf of a parent, in the back office's `staff` namespace (the root URL
configuration joins it to the dossier app's pages)."""

from django.urls import path

from klachtwijs.intake import staff_views

urlpatterns = [path("nieuw/", staff_views.submit, name="submit")]
