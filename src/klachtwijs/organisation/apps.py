from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "klachtwijs.organisation"
    label = "organisation"
    verbose_name = "Organisatie"
