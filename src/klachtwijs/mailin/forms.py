from django import forms
from django.utils.translation import gettext_lazy as _


class LinkForm(forms.Form):
    reference = forms.CharField(
        label=_("Kenmerk van het dossier"),
        max_length=12,
        help_text=_(
            "Bijvoorbeeld 2025-0007. Het bericht komt in het dossier als aanvulling van de ouder."
        ),
        error_messages={"required": _("Vul het kenmerk van het dossier in.")},
    )
