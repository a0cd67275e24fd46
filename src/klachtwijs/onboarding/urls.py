"""The set-up checklist and the settings pages under /staff/inrichting/ (namespace `setup`).

Each view is behind `staff_view(action)`: who may is `organisation/access.py`'s answer."""

from django.urls import path

from klachtwijs.onboarding import views
from klachtwijs.organisation.decorators import staff_view

ORG, TEXTS = "settings_organisation", "settings_texts"


def gated(action: str, view):
    return staff_view(action)(view.as_view() if hasattr(view, "as_view") else view)


app_name = "setup"
urlpatterns = [
    path("", gated("setup", views.ChecklistView), name="checklist"),
    path("organisatie/", gated(ORG, views.OrganisationView), name="organisation"),
    path("teksten/", gated(TEXTS, views.TextsView), name="texts"),
    path("ggd-regios/", gated(ORG, views.RegionsView), name="regions"),
    path("ggd-regios/<int:region_id>/", gated(ORG, views.RegionEditView), name="region_edit"),
    path("vestigingen/", gated(ORG, views.LocationsView), name="locations"),
    path("vestigingen/nieuw/", gated(ORG, views.LocationCreateView), name="location_new"),
    path(
        "vestigingen/<int:location_id>/",
        gated(ORG, views.LocationEditView),
        name="location_edit",
    ),
    path(
        "vestigingen/<int:location_id>/poster.pdf",
        gated(ORG, views.location_poster),
        name="location_poster",
    ),
    path(
        "vestigingen/importeren/",
        gated(ORG, views.LocationsImportView),
        name="locations_import",
    ),
    path(
        "vestigingen/sjabloon.csv",
        gated(ORG, views.locations_template),
        name="locations_template",
    ),
    path("diensten/", gated(ORG, views.ServicesView), name="services"),
    path("diensten/<int:service_id>/", gated(ORG, views.ServiceEditView), name="service_edit"),
    path("klachtenregeling/", gated(TEXTS, views.RegulationsView), name="regulations"),
    path(
        "klachtenregeling/nieuw/",
        gated(TEXTS, views.RegulationCreateView),
        name="regulation_new",
    ),
    path(
        "klachtenregeling/<int:regulation_id>/",
        gated(TEXTS, views.RegulationEditView),
        name="regulation_edit",
    ),
    path(
        "klachtenregeling/<int:regulation_id>/advies/",
        gated(TEXTS, views.regulation_advice_add),
        name="regulation_advice",
    ),
    path(
        "klachtenregeling/<int:regulation_id>/advies-verwijderen/",
        gated(TEXTS, views.regulation_advice_remove),
        name="regulation_advice_remove",
    ),
    path(
        "klachtenregeling/<int:regulation_id>/publiceren/",
        gated(TEXTS, views.regulation_publish_view),
        name="regulation_publish",
    ),
    path("e-mailteksten/", gated(TEXTS, views.MailTemplatesView), name="mail_templates"),
    path(
        "e-mailteksten/<int:template_id>/",
        gated(TEXTS, views.MailTemplateEditView),
        name="mail_template_edit",
    ),
]
