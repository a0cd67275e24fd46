from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """The privacy features above the dossier and the report: retention, the data subject's
    rights, and the quality lead's view of the access log (LEGAL.md P1–P3)."""

    name = "klachtwijs.privacy"
    label = "privacy"
    verbose_name = "Privacy"
