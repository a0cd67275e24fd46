"""The forms of the import pages: the upload, and the mapping step for values not recognised."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from klachtwijs.organisation.models import Region, Service
from klachtwijs.register.matching import Mappings, Unknown, Vocabularies
from klachtwijs.register.validate import NewLocation

MAX_SIZE = 20 * 1024 * 1024
TOO_BIG = gettext_noop("Het bestand is groter dan 20 MB. Splits het register in delen per jaar.")
WRONG_TYPE = gettext_noop("Kies een bestand dat eindigt op .xlsx of .csv.")
NEW = "__nieuw__"  # the choice "create this location"
COLUMN_NAMES = {
    "vestiging": _("Vestiging"),
    "regio": _("GGD-regio"),
    "dienst": _("Dienst"),
    "soort": _("Soort"),
    "onderwerp": _("Onderwerp"),
    "status": _("Status"),
    "oordeel": _("Oordeel"),
    "reden_afsluiting": _("Reden van afsluiten"),
}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Het register (.xlsx of .csv)"),
        help_text=_("Gebruik de kolommen van het sjabloon. De eerste rij bevat de kolomnamen."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_(WRONG_TYPE))
        if upload.size > MAX_SIZE:
            raise forms.ValidationError(_(TOO_BIG))
        return upload


class MappingForm(forms.Form):
    """One choice per value that was not recognised (`matching.unknown_values`), from the values
    Klachtwijs knows; an unknown location may also be created, with its region and service."""

    def __init__(self, *args, unknowns: list[Unknown], vocabularies: Vocabularies, **kwargs):
        super().__init__(*args, **kwargs)
        self.unknowns = unknowns
        self.groups: list[tuple[str, list[tuple[Unknown, str]]]] = []
        for index, unknown in enumerate(unknowns):
            name = f"waarde_{index}"
            choices = [(label, label) for label in vocabularies[unknown.column].labels]
            if unknown.column == "vestiging":
                choices = [(NEW, _("Nieuwe vestiging aanmaken")), *choices]
            rows = ", ".join(str(number) for number in unknown.rows[:10])
            if len(unknown.rows) > 10:
                rows += ", …"
            self.fields[name] = forms.ChoiceField(
                label=_("'%(value)s' (rij %(rows)s) betekent")
                % {"value": unknown.value, "rows": rows},
                choices=[("", _("Kies…")), *choices],
                error_messages={"required": _("Kies wat dit in Klachtwijs is.")},
            )
            if unknown.column == "vestiging":
                self.fields[f"{name}_regio"] = forms.ModelChoiceField(
                    Region.objects.all(),
                    label=_("GGD-regio van '%(value)s' als die nieuw is")
                    % {"value": unknown.value},
                    required=False,
                    empty_label=_("Kies…"),
                )
                self.fields[f"{name}_dienst"] = forms.ModelChoiceField(
                    Service.objects.all(),
                    label=_("Dienst van '%(value)s' als die nieuw is") % {"value": unknown.value},
                    required=False,
                    empty_label=_("Kies…"),
                )
            if not self.groups or self.groups[-1][0] != unknown.column:
                self.groups.append((unknown.column, []))
            self.groups[-1][1].append((unknown, name))

    def group_fields(self):
        """Per column: its Dutch name and the bound fields of its values, for the template."""
        for column, members in self.groups:
            fields = []
            for _unknown, name in members:
                fields.append(self[name])
                if column == "vestiging":
                    fields += [self[f"{name}_regio"], self[f"{name}_dienst"]]
            yield COLUMN_NAMES[column], fields

    def clean(self):
        data = super().clean()
        for unknown, name in (m for _column, members in self.groups for m in members):
            if unknown.column != "vestiging" or data.get(name) != NEW:
                continue
            if not data.get(f"{name}_regio"):
                self.add_error(f"{name}_regio", _("Kies de GGD-regio van de nieuwe vestiging."))
            if not data.get(f"{name}_dienst"):
                self.add_error(f"{name}_dienst", _("Kies de dienst van de nieuwe vestiging."))
        return data

    def chosen(self) -> tuple[Mappings, list[NewLocation]]:
        """What to remember (column, value → target), and the locations to create."""
        mappings: Mappings = {}
        new: list[NewLocation] = []
        for unknown, name in (m for _column, members in self.groups for m in members):
            target = self.cleaned_data[name]
            if target == NEW:
                region = self.cleaned_data[f"{name}_regio"]
                service = self.cleaned_data[f"{name}_dienst"]
                new.append(NewLocation(name=unknown.value, region=region, service=service))
            else:
                mappings[(unknown.column, unknown.key)] = target
        return mappings, new
