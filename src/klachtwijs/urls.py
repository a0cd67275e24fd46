from django.contrib import admin
from django.urls import include, path

from klachtwijs.accounts import urls as accounts_urls
from klachtwijs.feedback import urls as feedback_urls
from klachtwijs.intake import urls_staff

urlpatterns = [
    path("admin/", admin.site.urls),
    path("health/", include("klachtwijs.core.urls")),  # no sign-in: core/health.py
    path("huisstijl/", include("klachtwijs.organisation.urls_branding")),  # public: colour, logo
    path("api/", include("klachtwijs.api.urls")),
    path("staff/account/uitnodiging/", include("klachtwijs.accounts.urls_invitation")),
    path("staff/account/oidc/", include("klachtwijs.accounts.urls_oidc")),
    path("staff/account/", include("klachtwijs.organisation.urls")),
    path("staff/organisatie/", include((accounts_urls.urlpatterns, "organisation"))),
    path("staff/jaarverslag/", include("klachtwijs.reports.urls")),
    path("staff/patronen/", include("klachtwijs.reports.urls_patterns")),
    path("staff/import/", include("klachtwijs.register.urls")),
    path("staff/toegangslog/", include("klachtwijs.privacy.urls")),
    path("staff/instellingen/webhooks/", include("klachtwijs.webhooks.urls")),
    path("staff/instellingen/", include("klachtwijs.organisation.urls_settings")),
    path("staff/inrichting/", include("klachtwijs.onboarding.urls")),
    path("staff/post/", include("klachtwijs.mailin.urls")),
    path("staff/", include((feedback_urls.urlpatterns + urls_staff.urlpatterns, "staff"))),
    path("", include("klachtwijs.intake.urls")),
]

# Our own Dutch error pages, also with DEBUG off (issue 14); CSRF failures: CSRF_FAILURE_VIEW.
handler400 = "klachtwijs.core.errors.bad_request"
handler403 = "klachtwijs.core.errors.permission_denied"
handler404 = "klachtwijs.core.errors.page_not_found"
handler500 = "klachtwijs.core.errors.server_error"
