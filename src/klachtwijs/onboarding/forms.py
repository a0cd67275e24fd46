"""The settings forms of the back office. Plain ModelForms: a bad value is shown next to its
field in Dutch, and everything typed stays in the form."""

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klachtwijs.feedback.models import Regulation, RegulationAdvice
from klachtwijs.notifications.models import MailTemplate
from klachtwijs.organisation import access
from klachtwijs.organisation.branding import DEFAULT_COLOUR
from klachtwijs.organisation.embedding import origins_parse
from klachtwijs.organisation.frameworks import LegalFramework
from klachtwijs.organisation.models import Location, Organisation, Region, Service
from klachtwijs.organisation.presets import GGD_NAME, GGD_REGIONS, SERVICE_PRESETS
from klachtwijs.organisation.setup import PLACEHOLDER_NAME

LOGO_MAX = 2 * 1024 * 1024
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = [
            "name",
            "street",
            "postcode",
            "city",
            "phone",
            "email",
            "website",
            "complaints_officer_email",
            "confidential_adviser",
            "jeugdwet_term_weeks",
            "geschillencommissie_member",
            "letterhead_logo",
            "brand_colour",
            "embed_origins",
        ]
        widgets = {
            "embed_origins": forms.Textarea(attrs={"rows": 3}),
            "letterhead_logo": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
            "confidential_adviser": forms.Textarea(attrs={"rows": 3}),
            "brand_colour": forms.TextInput(
                attrs={"size": 8, "spellcheck": "false", "autocomplete": "off"}
            ),
        }
        help_texts = {
            "phone": _("Ouders zien dit onder elke pagina en in elke brief."),
            "letterhead_logo": _("Een PNG- of JPG-bestand van hoogstens 2 MB."),
        }

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if name == PLACEHOLDER_NAME:
            raise forms.ValidationError(_("Vul de echte naam van uw organisatie in."))
        return name

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["brand_colour"].required = False  # empty: the standard colour

    def clean_brand_colour(self) -> str:
        """Typed with or without spaces and in any case, empty for the standard colour; the
        model checks format and contrast (organisation/branding.py, WCAG 2.1 1.4.3)."""
        return (self.cleaned_data["brand_colour"] or "").strip().lower() or DEFAULT_COLOUR

    def clean_embed_origins(self) -> str:
        """One origin per line, checked and normalised by the one rule (organisation.embedding)."""
        return "\n".join(origins_parse(self.cleaned_data["embed_origins"]))

    def clean_letterhead_logo(self):
        logo = self.cleaned_data.get("letterhead_logo")
        if logo and getattr(logo, "size", 0) > LOGO_MAX:
            raise forms.ValidationError(_("Het logo is groter dan 2 MB. Kies een kleiner bestand."))
        if logo and getattr(logo, "content_type", "image/png") not in ("image/png", "image/jpeg"):
            raise forms.ValidationError(_("Kies een PNG- of JPG-bestand."))
        return logo

    def clean(self):
        data = super().clean()
        if not (data.get("phone") or data.get("email")) and "email" not in self.errors:
            self.add_error(
                "email", _("Vul een telefoonnummer of e-mailadres in, zodat ouders u bereiken.")
            )
        return data


class TextsForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["intro_text", "procedure_text", "publicity_text", "committee_text"]
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in fields}


class RegionAddForm(forms.ModelForm):
    """A region is picked from the 25 GGD regions, not typed; only the GGD's address is."""

    preset = forms.ChoiceField(label=_("GGD-regio"))

    class Meta:
        model = Region
        fields = ["ggd_email"]
        help_texts = {"ggd_email": _("Naar dit adres gaat het jaarverslag voor deze regio.")}

    field_order = ["preset", "ggd_email"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        taken = set(Region.objects.values_list("name", flat=True))
        choices = [(name, ggd) for name, ggd in GGD_REGIONS if name not in taken]
        self.fields["preset"].choices = [("", _("Kies een regio"))] + choices

    def save(self, commit: bool = True) -> Region:
        name = self.cleaned_data["preset"]
        self.instance.name, self.instance.ggd_name = name, GGD_NAME[name]
        return super().save(commit)


class RegionForm(forms.ModelForm):
    class Meta:
        model = Region
        fields = ["ggd_email"]


def _https_links(field, **kwargs):
    """A link typed without its scheme is taken as https (Django 6's default, said now)."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class LocationForm(forms.ModelForm):
    class Meta:
        model = Location
        formfield_callback = _https_links
        fields = [
            "name",
            "street",
            "postcode",
            "city",
            "lrk_number",
            "region",
            "services",
            "manager",
            "is_active",
            "ggd_report_url",
            "ggd_report_published_on",
        ]
        widgets = {
            "services": forms.CheckboxSelectMultiple,
            "ggd_report_published_on": DATE,
        }
        help_texts = {
            "services": _("Welke diensten deze vestiging geeft. Ouders kiezen er één."),
            "manager": _("De leidinggevende staat bovenaan als behandelaar wordt gekozen."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].empty_label = _("Kies een GGD-regio")
        self.fields["manager"].queryset = access.handler_candidates()
        if not Service.objects.exists():
            self.fields["services"].help_text = _(
                "Er zijn nog geen diensten. Voeg eerst diensten toe onder Diensten."
            )


def _locations_field() -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        Location.objects.filter(is_active=True),
        label=_("Bij deze vestigingen"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


OWN = "eigen"


class ServiceAddForm(forms.Form):
    """One of the sector's usual services, or an own one with its legal framework."""

    preset = forms.ChoiceField(label=_("Dienst"))
    name = forms.CharField(
        label=_("Naam van de eigen dienst"),
        max_length=100,
        required=False,
        help_text=_("Alleen bij een eigen dienst."),
    )
    framework = forms.ChoiceField(
        label=_("Wettelijk kader van de eigen dienst"),
        choices=[("", _("Kies de wet"))] + list(LegalFramework.choices),
        required=False,
        help_text=_("De wet bepaalt de termijnen en waar ouders verder terechtkunnen."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["locations"] = _locations_field()
        taken = {n.casefold() for n in Service.objects.values_list("name", flat=True)}
        self.fields["preset"].choices = [
            (name, f"{name} ({LegalFramework(framework).label})")
            for name, framework in SERVICE_PRESETS
            if name.casefold() not in taken
        ] + [(OWN, _("Een eigen dienst"))]

    def clean(self):
        data = super().clean()
        preset = data.get("preset")
        if preset and preset != OWN:
            data["name"], data["framework"] = preset, dict(SERVICE_PRESETS)[preset]
        elif preset == OWN:
            if not data.get("name", "").strip():
                self.add_error("name", _("Vul de naam van de dienst in."))
            elif Service.objects.filter(name__iexact=data["name"].strip()).exists():
                self.add_error("name", _("Deze dienst bestaat al."))
            if not data.get("framework"):
                self.add_error("framework", _("Kies onder welke wet de dienst valt."))
        return data

    def save(self) -> Service:
        data = self.cleaned_data
        service = Service.objects.create(name=data["name"].strip(), framework=data["framework"])
        service.locations.add(*data["locations"])
        return service


class ServiceForm(forms.ModelForm):
    class Meta:
        model = Service
        fields = ["name", "framework"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["locations"] = _locations_field()
        if self.instance.pk:
            self.fields["locations"].initial = list(self.instance.locations.all())

    def save(self, commit: bool = True) -> Service:
        service = super().save(commit)
        service.locations.set(
            [*self.cleaned_data["locations"], *service.locations.filter(is_active=False)]
        )
        return service


class RegulationForm(forms.ModelForm):
    """Version, in-force date and text; each body's advice or consent is its own row
    (`RegulationAdviceForm`), publishing is `regulation_publish` (LEGAL.md H8)."""

    class Meta:
        model = Regulation
        fields = ["version", "in_force_from", "text"]
        widgets = {"in_force_from": DATE, "text": forms.Textarea(attrs={"rows": 20})}
        help_texts = {
            "text": _("Kopjes met ##, opsommingen met -. Pas de tekst aan uw organisatie aan."),
        }
        error_messages = {
            "in_force_from": {"unique": _("Er is al een versie die op deze datum ingaat.")}
        }


class RegulationAdviceForm(forms.ModelForm):
    """One body's advice (Wko 1.60) or consent (Jeugdwet 4.2.1 lid 6) on a version."""

    class Meta:
        model = RegulationAdvice
        fields = ["kind", "body", "on", "text"]
        widgets = {"on": DATE, "text": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"on": _("De datum van het advies of de instemming.")}
        error_messages = {
            "kind": {"required": _("Kies advies of instemming.")},
            "body": {"required": _("Kies wie het advies of de instemming gaf.")},
            "on": {
                "required": _("Vul de datum in."),
                "invalid": _("Vul een geldige datum in, bijvoorbeeld 14-11-2025."),
            },
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Kies advies of instemming"))] + list(
            RegulationAdvice.Kind.choices
        )
        self.fields["body"].choices = [("", _("Kies wie"))] + list(RegulationAdvice.Body.choices)

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError(_("Deze datum ligt in de toekomst."))
        return on


class MailTemplateForm(forms.ModelForm):
    """The model's `clean` refuses a text that does not compile, next to its field."""

    class Meta:
        model = MailTemplate
        fields = ["subject", "body_text", "body_html"]
        widgets = {
            "body_text": forms.Textarea(attrs={"rows": 16}),
            "body_html": forms.Textarea(attrs={"rows": 8}),
        }


class LocationsImportForm(forms.Form):
    file = forms.FileField(
        label=_("Het bestand met vestigingen (.xlsx of .csv)"),
        help_text=_("De eerste rij bevat de kolomnamen, zoals in het sjabloon."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Kies een bestand dat eindigt op .xlsx of .csv."))
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("Het bestand is groter dan 5 MB."))
        return upload
