from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalFramework(models.TextChoices):
    """The law a service falls under; it decides terms, routes and report (LEGAL.md)."""

    WKO = "wko", _("Wet kinderopvang")
    JEUGDWET = "jeugdwet", _("Jeugdwet")
    WKKGZ = "wkkgz", _("Wkkgz")
