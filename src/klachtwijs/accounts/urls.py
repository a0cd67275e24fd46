"""The staff page under /staff/organisatie/ (namespace `organisation`: the organisation's own
settings pages share it)."""

from django.urls import path

from klachtwijs.accounts import views

urlpatterns = [
    path("medewerkers/", views.staff_list, name="staff"),
    path("medewerkers/uitnodigen/", views.staff_invite, name="staff_invite"),
    path("medewerkers/<int:user_id>/", views.staff_edit, name="staff_edit"),
    path("medewerkers/<int:user_id>/nieuwe-link/", views.staff_reset, name="staff_reset"),
    path("organisatie-account/", views.sso_groups, name="sso_groups"),
    path("organisatie-account/<int:mapping_id>/", views.sso_group_edit, name="sso_group_edit"),
]
