"""The set-up checklist and the settings pages of the back office (issue 14).

Plain class-based views; `urls.py` puts each behind `staff_view(action)`, so who may is decided
in `organisation/access.py` like everywhere else. Each form saves and redirects (PRG); a bad
value re-renders the form with what was typed and a Dutch error next to the field.
"""

import csv
import io

from django.contrib import messages
from django.contrib.messages.views import SuccessMessageMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, FormView, ListView, TemplateView, UpdateView

from klachtwijs.feedback.models import Regulation
from klachtwijs.feedback.services.regulation import regulation_missing, regulation_publish
from klachtwijs.intake.poster import location_form_url, poster_pdf
from klachtwijs.intake.selectors import location_slug
from klachtwijs.notifications.models import MailTemplate
from klachtwijs.onboarding import forms
from klachtwijs.onboarding.locations_import import COLUMNS, EXAMPLE, locations_import
from klachtwijs.organisation import access
from klachtwijs.organisation.models import Location, Region, Service
from klachtwijs.organisation.selectors import organisation_get
from klachtwijs.organisation.setup import setup_items
from klachtwijs.register.parse import UnreadableFile, table_read

SAVED = gettext_lazy("Opgeslagen.")


def staff_page_url() -> str:
    """The staff page, where staff are invited (the accounts app)."""
    return reverse("organisation:staff")


class Page:
    """Title and introduction for the shared templates."""

    title = ""
    intro = ""
    back_url = reverse_lazy("setup:checklist")
    back_label = gettext_lazy("Terug naar de inrichting")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=self.title, intro=self.intro, back_url=self.back_url, back_label=self.back_label
        )
        return context


class FormPage(Page, SuccessMessageMixin):
    template_name = "onboarding/form.html"
    success_message = SAVED


# --- the checklist --------------------------------------------------------------------------


def regulation_todo() -> list[str]:
    """What the regulation item still needs, in Dutch: the reasons `regulation_missing` gives
    for the newest unpublished version, or the step that is left (LEGAL.md H8)."""
    draft = Regulation.objects.filter(published_at__isnull=True).first()
    if draft is not None:
        reasons = regulation_missing(draft)
        name = {"version": draft.version}
        if reasons:
            return [_("Versie %(version)s:") % name + " " + str(r) for r in reasons]
        return [_("Versie %(version)s is klaar om te publiceren.") % name]
    later = Regulation.objects.filter(published_at__isnull=False).last()
    if later is not None:  # published, but not in force yet
        return [
            _("Versie %(version)s gaat pas in op %(date)s.")
            % {"version": later.version, "date": date_format(later.in_force_from)}
        ]
    return [_("Er is nog geen klachtenregeling. Begin met de voorbeeldtekst.")]


class ChecklistView(TemplateView):
    template_name = "onboarding/checklist.html"

    def get_context_data(self, **kwargs):
        items = setup_items()
        urls = {item.key: reverse(item.url_name) for item in items}
        urls["staff"] = staff_page_url()
        rows = [(item, urls[item.key]) for item in items]
        missing = [item for item in items if item.required and not item.done]
        regulation_done = next(item.done for item in items if item.key == "regulation")
        return {
            **super().get_context_data(**kwargs),
            "rows": rows,
            "regulation_todo": [] if regulation_done else regulation_todo(),
            "missing": missing,
            "done_count": sum(item.done for item in items),
            "total": len(items),
            "form_url": reverse("intake:feedback_new"),
            "may_edit_texts": access.can(self.request.user, "settings_texts"),
        }


# --- the organisation -----------------------------------------------------------------------


class OrganisationView(FormPage, UpdateView):
    form_class = forms.OrganisationForm
    title = gettext_lazy("Gegevens van de organisatie")
    intro = gettext_lazy(
        "Ouders zien de naam en de contactgegevens op het formulier en in elke brief. Het logo "
        "staat boven de brieven en, met de huisstijlkleur, bovenaan elke pagina."
    )
    success_url = reverse_lazy("setup:checklist")

    def get_object(self, queryset=None):
        return organisation_get()


class TextsView(FormPage, UpdateView):
    form_class = forms.TextsForm
    title = gettext_lazy("Teksten voor het jaarverslag")
    intro = gettext_lazy(
        "De vaste teksten van het klachtenjaarverslag: de inleiding, de procedure, hoe ouders de "
        "regeling kennen en de klachtencommissie (Jeugdwet). U kunt Markdown gebruiken."
    )
    success_url = reverse_lazy("setup:texts")

    def get_object(self, queryset=None):
        return organisation_get()


# --- GGD regions ----------------------------------------------------------------------------


class RegionsView(FormPage, CreateView):
    """The regions added so far, and the form to pick the next one."""

    template_name = "onboarding/regions.html"
    form_class = forms.RegionAddForm
    title = gettext_lazy("GGD-regio's")
    intro = gettext_lazy(
        "Kies de GGD-regio's waarin uw vestigingen liggen. De GGD van de regio houdt toezicht en "
        "krijgt het jaarverslag, op het e-mailadres dat u hier invult."
    )
    success_url = reverse_lazy("setup:regions")
    success_message = gettext_lazy("De regio %(preset)s is toegevoegd.")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "regions": Region.objects.all()}


class RegionEditView(FormPage, UpdateView):
    form_class = forms.RegionForm
    pk_url_kwarg = "region_id"
    queryset = Region.objects.all()
    success_url = reverse_lazy("setup:regions")
    back_url = reverse_lazy("setup:regions")
    back_label = gettext_lazy("Terug naar de GGD-regio's")

    @property
    def title(self):
        return self.object.ggd_name


# --- locations ------------------------------------------------------------------------------


class LocationsView(Page, ListView):
    template_name = "onboarding/locations.html"
    queryset = Location.objects.select_related("region").prefetch_related("services")
    title = gettext_lazy("Vestigingen")
    intro = gettext_lazy(
        "Ouders kiezen in het formulier een vestiging en een dienst. Voeg de vestigingen één "
        "voor één toe, of allemaal tegelijk uit een Excel- of CSV-bestand."
    )


class LocationCreateView(FormPage, CreateView):
    form_class = forms.LocationForm
    title = gettext_lazy("Vestiging toevoegen")
    success_url = reverse_lazy("setup:locations")
    back_url = reverse_lazy("setup:locations")
    back_label = gettext_lazy("Terug naar de vestigingen")
    success_message = gettext_lazy("De vestiging %(name)s is toegevoegd.")


class LocationEditView(FormPage, UpdateView):
    form_class = forms.LocationForm
    pk_url_kwarg = "location_id"
    queryset = Location.objects.all()
    success_url = reverse_lazy("setup:locations")
    back_url = reverse_lazy("setup:locations")
    back_label = gettext_lazy("Terug naar de vestigingen")

    @property
    def title(self):
        return _("Vestiging %(name)s") % {"name": self.object.name}

    def get_context_data(self, **kwargs):
        # Issue 16: the form's link with this location preselected, and its poster.
        context = super().get_context_data(**kwargs)
        context.update(
            extra_template="onboarding/_location_poster.html",
            form_link=location_form_url(self.object),
        )
        return context


def location_poster(request, location_id: int) -> HttpResponse:
    """The location's A4 poster (PDF) with the QR code of its form link (issue 16)."""
    location = get_object_or_404(Location, pk=location_id)
    response = HttpResponse(poster_pdf(location), content_type="application/pdf")
    filename = f"poster-{location_slug(location) or location.pk}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


class LocationsImportView(Page, FormView):
    template_name = "onboarding/locations_import.html"
    form_class = forms.LocationsImportForm
    title = gettext_lazy("Vestigingen uit een bestand")
    back_url = reverse_lazy("setup:locations")
    back_label = gettext_lazy("Terug naar de vestigingen")

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            table = table_read(data=upload.read(), filename=upload.name)
        except UnreadableFile as exc:
            form.add_error("file", str(exc))
            return self.form_invalid(form)
        result = locations_import(table=table)
        if result.errors:
            context = self.get_context_data(form=form, errors=result.errors)
            return self.render_to_response(context, status=400)
        text = _("%(count)s vestigingen toegevoegd: %(names)s.") % {
            "count": len(result.created),
            "names": ", ".join(result.created),
        }
        if result.services_created:
            text += " " + _("Nieuwe diensten: %(names)s.") % {
                "names": ", ".join(result.services_created)
            }
        messages.success(self.request, text)
        return redirect("setup:locations")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "columns": COLUMNS}


def locations_template(request: HttpRequest) -> HttpResponse:
    """The CSV template: the column names and one example row."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(COLUMNS)
    writer.writerow(EXAMPLE)
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="vestigingen.csv"'
    return response


# --- services -------------------------------------------------------------------------------


class ServicesView(FormPage, FormView):
    """The services, which locations give them, and the form to add one."""

    template_name = "onboarding/services.html"
    form_class = forms.ServiceAddForm
    title = gettext_lazy("Diensten per vestiging")
    intro = gettext_lazy(
        "Elke dienst valt onder een wet: de Wet kinderopvang of de Jeugdwet. Die wet bepaalt "
        "de termijn voor het antwoord en waar ouders daarna terechtkunnen."
    )
    success_url = reverse_lazy("setup:services")

    def form_valid(self, form):
        service = form.save()
        messages.success(self.request, _("De dienst %(name)s is toegevoegd.") % {"name": service})
        return redirect(self.success_url)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "services": Service.objects.prefetch_related("locations"),
            "locations": Location.objects.filter(is_active=True).prefetch_related("services"),
        }


class ServiceEditView(FormPage, UpdateView):
    form_class = forms.ServiceForm
    pk_url_kwarg = "service_id"
    queryset = Service.objects.all()
    success_url = reverse_lazy("setup:services")
    back_url = reverse_lazy("setup:services")
    back_label = gettext_lazy("Terug naar de diensten")

    @property
    def title(self):
        return _("Dienst %(name)s") % {"name": self.object.name}


# --- the complaints regulation (LEGAL.md H8) -------------------------------------------------


class RegulationsView(Page, ListView):
    template_name = "onboarding/regulations.html"
    queryset = Regulation.objects.prefetch_related("advices")
    title = gettext_lazy("Klachtenregeling")
    intro = gettext_lazy(
        "Elke versie van de klachtenregeling met de datum waarop hij ingaat, en het advies van "
        "de oudercommissie of de instemming van de cliëntenraad. Ouders lezen op de website de "
        "gepubliceerde versie die nu geldt."
    )


class RegulationCreateView(FormPage, CreateView):
    form_class = forms.RegulationForm
    title = gettext_lazy("Nieuwe versie van de klachtenregeling")
    intro = gettext_lazy(
        "De tekst hieronder is een voorbeeld. Lees hem goed en pas hem aan uw organisatie aan."
    )
    back_url = reverse_lazy("setup:regulations")
    back_label = gettext_lazy("Terug naar de klachtenregeling")

    def get_success_url(self) -> str:  # next: the advice and publishing, on its own page
        return reverse("setup:regulation_edit", args=[self.object.pk])

    def get_initial(self):
        from django.template.loader import render_to_string
        from django.utils import timezone

        latest = Regulation.objects.first()
        if latest is not None:  # a new version starts from the one before
            return {"text": latest.text, "in_force_from": timezone.localdate()}
        text = render_to_string(
            "onboarding/regulation_default.md", {"organisation": organisation_get()}
        )
        return {"version": "1", "in_force_from": timezone.localdate(), "text": text}


class RegulationEditView(FormPage, UpdateView):
    """One version: its number, date and text, and below them each body's advice or consent
    and the button that publishes it through `regulation_publish` (LEGAL.md H8)."""

    template_name = "onboarding/regulation_edit.html"
    form_class = forms.RegulationForm
    pk_url_kwarg = "regulation_id"
    queryset = Regulation.objects.all()
    back_url = reverse_lazy("setup:regulations")
    back_label = gettext_lazy("Terug naar de klachtenregeling")

    def get_success_url(self) -> str:
        return reverse("setup:regulation_edit", args=[self.object.pk])

    @property
    def title(self):
        return _("Klachtenregeling versie %(version)s") % {"version": self.object.version}

    def get_context_data(self, **kwargs):
        regulation = self.object
        published = regulation.published_at is not None
        kwargs.setdefault(
            "advice_form", None if published else forms.RegulationAdviceForm(prefix=ADVICE_PREFIX)
        )
        return {
            **super().get_context_data(**kwargs),
            "advices": regulation.advices.all(),
            "published": published,
            "missing": [] if published else regulation_missing(regulation),
        }


ADVICE_PREFIX = "advies"


def _regulation(regulation_id: int) -> Regulation:
    return get_object_or_404(Regulation, pk=regulation_id)


@require_POST
def regulation_advice_add(request: HttpRequest, regulation_id: int) -> HttpResponse:
    """A body's advice or consent on an unpublished version; a bad value is shown next to its
    field on the version page, with what was typed."""
    regulation = _regulation(regulation_id)
    if regulation.published_at is not None:
        messages.error(request, _("Deze versie is al gepubliceerd."))
        return redirect("setup:regulation_edit", regulation.pk)
    form = forms.RegulationAdviceForm(request.POST, prefix=ADVICE_PREFIX)
    if not form.is_valid():
        view = RegulationEditView(request=request, kwargs={"regulation_id": regulation.pk})
        view.object = regulation
        context = view.get_context_data(form=forms.RegulationForm(instance=regulation))
        context["advice_form"] = form
        return render(request, view.template_name, context, status=400)
    advice = form.save(commit=False)
    advice.regulation = regulation
    advice.save()
    messages.success(request, _("%(advice)s is vastgelegd.") % {"advice": advice})
    return redirect("setup:regulation_edit", regulation.pk)


@require_POST
def regulation_advice_remove(request: HttpRequest, regulation_id: int) -> HttpResponse:
    """Remove an advice row, only while the version is not published."""
    regulation = _regulation(regulation_id)
    if regulation.published_at is not None:
        messages.error(request, _("Deze versie is al gepubliceerd."))
        return redirect("setup:regulation_edit", regulation.pk)
    advice = regulation.advices.filter(pk=request.POST.get("advice") or 0).first()
    if advice is not None:
        advice.delete()
        messages.success(request, _("%(advice)s is verwijderd.") % {"advice": advice})
    return redirect("setup:regulation_edit", regulation.pk)


@require_POST
def regulation_publish_view(request: HttpRequest, regulation_id: int) -> HttpResponse:
    """Publish through `regulation_publish`; its Dutch refusals are shown on the page."""
    regulation = _regulation(regulation_id)
    try:
        regulation_publish(regulation_id=regulation.pk, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Versie %(version)s is gepubliceerd. Ouders lezen hem vanaf %(date)s.")
            % {"version": regulation.version, "date": date_format(regulation.in_force_from)},
        )
    return redirect("setup:regulation_edit", regulation.pk)


# --- mail texts -----------------------------------------------------------------------------


class MailTemplatesView(Page, ListView):
    template_name = "onboarding/mail_templates.html"
    model = MailTemplate
    title = gettext_lazy("E-mailteksten")
    intro = gettext_lazy(
        "De teksten van de e-mails die Klachtwijs stuurt. Tussen {{ en }} staat wat Klachtwijs "
        "invult, bijvoorbeeld {{ feedback.reference }} voor het kenmerk. Laat die stukjes staan."
    )


class MailTemplateEditView(FormPage, UpdateView):
    form_class = forms.MailTemplateForm
    pk_url_kwarg = "template_id"
    queryset = MailTemplate.objects.all()
    success_url = reverse_lazy("setup:mail_templates")
    back_url = reverse_lazy("setup:mail_templates")
    back_label = gettext_lazy("Terug naar de e-mailteksten")

    @property
    def title(self):
        return _("E-mailtekst: %(name)s") % {"name": self.object}
