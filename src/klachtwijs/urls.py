from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("klachtwijs.api.urls")),
    path("staff/account/", include("klachtwijs.organisation.urls")),
    path("staff/jaarverslag/", include("klachtwijs.reports.urls")),
    path("staff/import/", include("klachtwijs.reports.importing.urls")),
    path("staff/toegangslog/", include("klachtwijs.core.urls")),
    path("staff/", include("klachtwijs.feedback.urls")),
    path("", include("klachtwijs.intake.urls")),
]
