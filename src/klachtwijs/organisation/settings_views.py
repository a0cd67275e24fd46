"""The organisation's meldcode settings in the back office (LEGAL.md M1, M2): who decides in
the route, per organisation and per location, and who heads the organisation."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from klachtwijs.core.form_errors import add_errors
from klachtwijs.organisation import services
from klachtwijs.organisation.decorators import staff_view
from klachtwijs.organisation.forms import MeldcodeRolesForm
from klachtwijs.organisation.models import Location
from klachtwijs.organisation.selectors import organisation_get


@staff_view("meldcode_settings")
def meldcode(request: HttpRequest) -> HttpResponse:
    organisation = organisation_get()
    locations = Location.objects.filter(is_active=True).order_by("name")
    initial = {"meldcode_decider": organisation.meldcode_decider_id, "head": organisation.head_id}
    initial |= {services.location_field(loc): loc.meldcode_decider_id for loc in locations}
    data = request.POST if request.method == "POST" else None
    form = MeldcodeRolesForm(data, initial=initial, locations=locations)
    if data is not None and form.is_valid():
        try:
            services.meldcode_roles_set(
                decider=form.cleaned_data["meldcode_decider"],
                head=form.cleaned_data["head"],
                location_deciders=form.location_deciders(),
                by=request.user,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("De instellingen voor de meldcode zijn opgeslagen."))
            return redirect("settings:meldcode")
    context = {
        "form": form,
        "title": _("Meldcode: wie beslist"),
        "intro": _(
            "De organisatie wijst aan wie in de meldcoderoute beslist over een melding bij "
            "Veilig Thuis. Een vestiging kan een eigen beslisser hebben. Gaat een vermoeden over "
            "de beslisser of over de bestuurder, dan loopt de route om die persoon heen."
        ),
        "button": _("Opslaan"),
    }
    return render(request, "staff/action_form.html", context)
