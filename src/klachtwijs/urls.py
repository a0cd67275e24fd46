from django.contrib import admin
from django.urls import include, path

from klachtwijs.feedback import urls as feedback_urls
from klachtwijs.intake import urls_staff

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("klachtwijs.api.urls")),
    path("staff/account/", include("klachtwijs.organisation.urls")),
    path("staff/jaarverslag/", include("klachtwijs.reports.urls")),
    path("staff/import/", include("klachtwijs.register.urls")),
    path("staff/toegangslog/", include("klachtwijs.privacy.urls")),
    path("staff/inrichting/", include("klachtwijs.onboarding.urls")),
    path("staff/", include((feedback_urls.urlpatterns + urls_staff.urlpatterns, "staff"))),
    path("", include("klachtwijs.intake.urls")),
]
