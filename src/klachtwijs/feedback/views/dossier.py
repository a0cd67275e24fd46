"""The dossier page and its documents."""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klachtwijs.feedback import dossier_selectors as dossiers
from klachtwijs.feedback import selectors, workflow
from klachtwijs.feedback.filters import FeedbackFilterForm
from klachtwijs.feedback.forms import FullViewGrantForm
from klachtwijs.feedback.models import MeldcodeStep
from klachtwijs.feedback.services import meldcode_required_steps
from klachtwijs.feedback.suggestions import situation_suggestions
from klachtwijs.feedback.views.lists import PER_PAGE
from klachtwijs.organisation import access
from klachtwijs.organisation.decorators import staff_view

# The order in which the page offers actions: the usual next step first.
ACTION_LINKS = [
    ("register", "register", _("Registreren")),
    ("assign", "assign", _("Behandelaar toewijzen")),
    ("contact", "contact", _("Contact vastleggen")),
    ("judge", "judge", _("Oordeel schrijven en versturen")),
    ("committee", "committee", _("Oordeel klachtencommissie vastleggen")),
    ("measure", "committee_measures", _("Maatregelen na oordeel commissie")),
    ("close", "close", _("Afsluiten")),
    ("share_team", "share_team", _("Delen met het team")),
    ("resolve", "resolve", _("Afhandelen zonder oordeel")),
    ("message", "message", _("Bericht aan de ouder")),
    ("note", "note", _("Interne notitie")),
    ("extend", "extend", _("Termijn verlengen")),
    ("situation", "situation", _("Koppelen als één situatie")),
    ("escalation", "escalation", _("Escalatie of geschil vastleggen")),
    ("report_texts", "report_texts", _("Teksten jaarverslag")),
    ("correct_service", "correct_service", _("Dienst corrigeren")),
    ("meldcode", "meldcode", _("Meldcode: stappen")),
    ("start_meldcode", "meldcode_start", _("Meldcoderoute starten")),
    ("meldcode_concerned", "meldcode_concerned", _("Betrokken medewerker vastleggen")),
    ("close_meldcode", "meldcode_close", _("Meldcoderoute afsluiten")),
    ("withdraw", "withdraw", _("Intrekken")),
    ("reopen", "reopen", _("Heropenen")),
]


def action_links(offered: set[str], feedback_id: int) -> list[tuple[str, str]]:
    return [
        (label, reverse(f"staff:{name}", kwargs={"feedback_id": feedback_id}))
        for action, name, label in ACTION_LINKS
        if action in offered
    ]


# Actions with a long form of their own (the judgment and its letter, the meldcode checklist)
# open on their own page; every other action's form opens in place, in the dossier page's
# action panel (views/actions.py `ACTION_PANEL`).
OWN_PAGE = {"judge", "committee", "measure", "meldcode"}


def next_step(
    offered: set[str], feedback_id: int, status: str
) -> tuple[tuple[str, str, bool] | None, list[tuple[str, str, bool]]]:
    """The primary action for the dossier's state (`workflow.primary_action`) as (label, url,
    opens in place), and the other offered actions in the page's order."""
    primary = workflow.primary_action(status=status, offered=offered)
    links = [
        (
            action,
            label,
            reverse(f"staff:{name}", kwargs={"feedback_id": feedback_id}),
            action not in OWN_PAGE,
        )
        for action, name, label in ACTION_LINKS
        if action in offered
    ]
    first = next((link[1:] for link in links if link[0] == primary), None)
    return first, [link[1:] for link in links if link[0] != primary]


def neighbours(request: HttpRequest, feedback_id: int) -> dict[str, str] | None:
    """The list the dossier was opened from, and its previous and next dossier.

    A list row links to the dossier with the list's filters and the row's place (`nr`); the
    same selector answers again for the three rows around that place (one small query). When
    the list changed meanwhile and the dossier is no longer there, only the way back is given.
    """
    try:
        nr = int(request.GET["nr"])
    except (KeyError, ValueError):
        return None
    nr = max(nr, 0)
    carried = request.GET.copy()
    carried.pop("nr", None)
    if request.GET.get("lijst") == "mijn":
        queryset = selectors.feedback_mine(user=request.user)
        back = reverse("staff:mine")
    else:
        form = FeedbackFilterForm(carried, user=request.user)
        queryset = selectors.feedback_list(
            user=request.user, filters=form.filters(), today=timezone.localdate()
        )
        back = reverse("staff:home")
    start = max(nr - 1, 0)
    pks = list(queryset.values_list("pk", flat=True)[start : nr + 2])
    query = carried.urlencode()
    back_query = carried.copy()
    if request.GET.get("lijst") != "mijn" and nr >= PER_PAGE:
        back_query["pagina"] = str(nr // PER_PAGE + 1)
    here = {"back": f"{back}?{back_query.urlencode()}" if back_query else back}
    if feedback_id not in pks:
        return here
    at = pks.index(feedback_id)
    link = f"?{query}&nr=" if query else "?nr="
    if at > 0:
        here["prev"] = f"{reverse('staff:dossier', args=[pks[at - 1]])}{link}{start + at - 1}"
    if at + 1 < len(pks):
        here["next"] = f"{reverse('staff:dossier', args=[pks[at + 1]])}{link}{start + at + 1}"
    return here


@staff_view("dossier_view")
def dossier(request: HttpRequest, feedback_id: int) -> HttpResponse:
    """Every fact, the timeline, the term and the actions the state allows."""
    feedback = dossiers.dossier_load(
        access.feedback_get(
            request.user,
            feedback_id,
            "dossier_view",
            related=dossiers.DOSSIER_RELATED,
            annotate=dossiers.dossier_parts(),
        )
    )
    offered = workflow.actions_for(user=request.user, feedback=feedback)
    primary, other_actions = next_step(offered, feedback.pk, feedback.status)
    suggestions = []
    if "situation" in offered:
        suggestions = situation_suggestions(
            feedback=feedback, candidates=access.feedback_visible(request.user)
        )
    steps_done = {s.step for s in feedback.meldcode_steps.all()}
    today = timezone.localdate()
    full = access.sees_personal_data(request.user, feedback, today=today)
    full_by_grant = None
    if full and request.user.role not in access.PERSONAL_DATA_ROLES:
        full_by_grant = feedback.full_view_grants.filter(
            user=request.user, until__gte=today
        ).latest("until")
        request.access_log_detail = "volledige inzage"
    grant_form = None
    if access.can(request.user, "full_view_grant") and not feedback.is_restricted:
        grant_form = FullViewGrantForm(feedback=feedback)
    context = {
        "full": full,
        "full_by_grant": full_by_grant,
        "grant_form": grant_form,
        "feedback": feedback,
        "offered": offered,
        "action_links": action_links(offered, feedback.pk),
        "primary_action": primary,
        "other_actions": other_actions,
        "status_tone": workflow.STATUS_TONE.get(feedback.status, "closed"),
        "list_nav": neighbours(request, feedback.pk),
        "can_improve": access.can(request.user, "improvement"),
        "can_download": access.can(request.user, "document_download") and full,
        "can_measure": "measure_done" in offered,
        "term": dossiers.term(feedback, today=timezone.localdate()),
        "timeline": dossiers.timeline(feedback),
        "judgment": dossiers.latest_judgment(feedback),
        "situation_members": dossiers.situation_members(feedback, user=request.user),
        "suggestions": suggestions,
        # Jeugdwet meldplicht (LEGAL.md M3): prompted until the IGJ report is recorded.
        "meldcode_igj_missing": feedback.is_restricted
        and MeldcodeStep.Step.IGJ in meldcode_required_steps(feedback=feedback)
        and MeldcodeStep.Step.IGJ not in steps_done,
        "meldcode_missing": [
            MeldcodeStep.Step(s).label
            for s in meldcode_required_steps(feedback=feedback)
            if s not in steps_done
        ]
        if feedback.is_restricted
        else [],
    }
    return render(request, "backoffice/dossier.html", context, using="jinja2")


@staff_view("document_download")
def document(request: HttpRequest, feedback_id: int, document_id: int) -> FileResponse:
    """A document of the dossier, always as a download (never shown inline)."""
    feedback = access.feedback_get(request.user, feedback_id, "document_download")
    if not access.sees_personal_data(request.user, feedback, today=timezone.localdate()):
        raise PermissionDenied  # letters and the parent's files hold personal data
    found = feedback.documents.filter(pk=document_id).first()
    if found is None:
        raise Http404
    response = FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=found.filename,
        content_type=found.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
