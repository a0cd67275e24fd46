"""API tokens for other systems (planning software, the website, a BI tool)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from klachtwijs.organisation.models import Location, Role


class ApiToken(models.Model):
    """A key for one system, with a role and location scope like a staff member.

    Only the key's hash is stored; the key itself is shown once, when the token is made. Each
    token acts through its own service account (`user`), kept in step by `api/services.py`, so
    that `organisation/access.py` judges a system exactly as it judges a person.
    """

    name = models.CharField(_("naam"), max_length=100, unique=True)
    prefix = models.CharField(_("begin van de sleutel"), max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices, default=Role.EMPLOYEE)
    locations = models.ManyToManyField(
        Location, related_name="api_tokens", blank=True, verbose_name=_("vestigingen")
    )
    meldcode_designated = models.BooleanField(_("mag meldcodedossiers zien"), default=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_token",
        editable=False,
        verbose_name=_("serviceaccount"),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(
        _("laatst gebruikt op"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
