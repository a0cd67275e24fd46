"""What the import remembers: the organisation's own words, and an upload between its steps."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportMapping(models.Model):
    """A value in the organisation's register and what it means here, chosen in the mapping step
    and used by every later import (web and command): e.g. onderwerp "oudercontact" →
    "Communicatie en informatie". `source_value` is normalised (`matching.normalise`)."""

    field = models.CharField(_("kolom"), max_length=30)
    source_value = models.CharField(_("waarde in het bestand"), max_length=200)
    target = models.CharField(_("betekent"), max_length=200)

    class Meta:
        verbose_name = _("koppeling voor de import")
        verbose_name_plural = _("koppelingen voor de import")
        constraints = [
            models.UniqueConstraint(fields=["field", "source_value"], name="import_mapping_once")
        ]

    def __str__(self) -> str:
        return f"{self.field}: {self.source_value} → {self.target}"


class PendingImport(models.Model):
    """An uploaded register between the upload and the import (mapping step, preview), with the
    new locations chosen so far. Holds the file as uploaded (personal data): removed when it is
    imported, when the same user uploads another, and after a day (`register/services.py`)."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=200)
    data = models.BinaryField()
    # Normalised location name -> {"name", "region", "service"} (ids) of a location to create.
    new_locations = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("upload voor de import")
        verbose_name_plural = _("uploads voor de import")

    def __str__(self) -> str:
        return self.filename
