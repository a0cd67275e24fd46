"""The public pages: the klantreactie form, its confirmation, the private status page and
"mail my link again". Thin views: rate limit → form → one service call → redirect."""

import re
import secrets
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from klachtwijs.core.cache import local_cached
from klachtwijs.core.client import client_address
from klachtwijs.core.markdown import markdown_html
from klachtwijs.core.retention import retention_days
from klachtwijs.feedback import minors
from klachtwijs.feedback.models import Feedback, Status
from klachtwijs.feedback.parent_texts import next_steps_text
from klachtwijs.feedback.services import ParentFile, feedback_add_parent_info, feedback_rate
from klachtwijs.intake import selectors, uploads
from klachtwijs.intake.forms import (
    E_HOLD_FULL,
    IntakeForm,
    ParentInfoForm,
    RatingForm,
    ResendLinkForm,
)
from klachtwijs.intake.ratelimit import rate_limited
from klachtwijs.intake.services import intake_link_resend, intake_submit
from klachtwijs.organisation.routes import parent_help, routes_all, routes_for

CONFIRMATION_SALT = "klachtwijs.intake.confirmation"
CONFIRMATION_MAX_AGE = 2 * 60 * 60  # the confirmation page's link works two hours
# The blank form is the same for every visitor but for these two values (see _blank_form_page).
CSRF_HOLE = "\x00csrf\x00"
KEY_HOLE = "\x00submission-key\x00"
CSRF_VALUE = re.compile(r'(name="csrfmiddlewaretoken" value=")([^"]+)(")')


def _private(response: HttpResponse) -> HttpResponse:
    """Pages behind a secret link: never cached, and never sent to another site as referrer.
    (Not `no-referrer`: Chromium then posts `Origin: null`, which fails the CSRF check.)"""
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = "same-origin"
    return response


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "intake/too_many.html", status=429)


def home(request: HttpRequest) -> HttpResponse:
    return redirect("intake:feedback_new")


def confirmation_url(feedback: Feedback, *, embed: bool = False) -> str:
    signed = signing.dumps(feedback.pk, salt=CONFIRMATION_SALT)
    return reverse("intake:embed_sent" if embed else "intake:feedback_sent", args=[signed])


def _max_age() -> int:
    return int(
        getattr(settings, "KLACHTWIJS", {}).get("CONFIRMATION_MAX_AGE", CONFIRMATION_MAX_AGE)
    )


# While the set-up is not complete the form is "not yet available": 503, so nothing (a search
# engine, a monitor, a script posting to it) takes the preparing page for the form itself.
PREPARING_STATUS = 503


def _preparing(request: HttpRequest) -> HttpResponse:
    """The form is being prepared: what a parent can do meanwhile (the organisation's contact
    details are on the page). Nothing posted is stored."""
    response = render(request, "intake/preparing.html", status=PREPARING_STATUS)
    response["Retry-After"] = "86400"
    return response


ANONYMOUS = "anoniem"  # ?soort=anoniem: the anonymous signal (issue 16)


def _is_anonymous(request: HttpRequest) -> bool:
    return (request.POST.get("soort") or request.GET.get("soort")) == ANONYMOUS


@require_http_methods(["GET", "POST"])
def feedback_new(request: HttpRequest) -> HttpResponse:
    """The klantreactie form. An error keeps everything typed and attached. Closed until the
    set-up is complete (`selectors.intake_closed_because`, issue 14).

    The buttons say what a POST asks for (`action`): "review" shows what will be sent (all
    answers and the files) with "Aanpassen" ("edit") and "Versturen" ("send");
    "add_child" shows the form again with one more child block. A POST without an action
    (an older page, a script) is sent at once, as before. Files accepted on any step are held
    (`uploads.Posted`), so nothing typed or attached is lost between steps.
    """
    return feedback_form(request, embed=False)


def feedback_form(request: HttpRequest, *, embed: bool) -> HttpResponse:
    """The form on its own page, or (`embed`) in the minimal layout for another site's frame
    (intake/embed.py); one flow for both, so the embedded form is the same form."""
    if selectors.intake_closed_because():
        return _preparing(request)
    anonymous = _is_anonymous(request)
    if request.method == "GET":
        return _blank_form_page(request, anonymous=anonymous, embed=embed)
    if rate_limited(request, "intake"):
        return _too_many(request)
    if uploads.too_large(request):
        return render(request, "intake/too_large.html", status=413)
    posted = uploads.Posted.from_request(request)
    action = posted.data.get("action", "send")
    if action == "add_child":
        shown = IntakeForm(posted.data, anonymous=anonymous).children_visible
        posted.data["children_shown"] = str(shown + 1)
    form = IntakeForm(posted.data, request.FILES, held_uploads=posted.kept, anonymous=anonymous)
    if form.is_spam:
        return render(request, "intake/sent.html", {"feedback": None, "embed": embed})
    valid = form.is_valid()
    held = posted.hold(form.new_uploads, address=None if valid else client_address(request))
    form.held_uploads = held
    if not valid and posted.full:
        form.add_error("attachments", gettext(E_HOLD_FULL))
    if action in ("add_child", "edit"):
        form.quiet()
        if action == "add_child":  # without JavaScript: the new block's first field
            n = form.children_visible
            form.fields[f"child_{n}_name"].widget.attrs["autofocus"] = True
        return _form_page(request, form, embed=embed)
    if not valid:
        return _form_page(request, form, status=400, embed=embed)
    if action == "review":
        return _review_page(request, form, posted, embed=embed)
    feedback = intake_submit(
        # The page's language is the parent's: their text is kept as written, in it.
        receive={**form.receive_kwargs(), "parent_language": get_language()},
        files=form.held_uploads,
        submission_key=form.cleaned_data["submission_key"],
    )
    uploads.release(posted.token)
    return redirect(confirmation_url(feedback, embed=embed))


# Carried from the form to the review page as hidden fields; not the buttons and checkboxes.
NOT_CARRIED = {"csrfmiddlewaretoken", "action", "remove_upload", "attachments"}


def _review_page(
    request: HttpRequest, form: IntakeForm, posted: uploads.Posted, *, embed: bool = False
) -> HttpResponse:
    """The last step: what will be sent, with "Aanpassen" and "Versturen"."""
    carried = [
        (name, value)
        for name in posted.data
        if name not in NOT_CARRIED
        for value in posted.data.getlist(name)
    ]
    context = {"form": form, "carried": carried, "rows": form.review_rows(), "embed": embed}
    return render(request, "intake/review.html", context)


def _preselect(form: IntakeForm, location) -> None:
    """A link with `?locatie=` (a poster's QR code, the organisation's site): that location's
    service is chosen when it has one; with several, its services come first in the list."""
    if location is None:
        return
    services = list(location.services.all())
    if len(services) == 1:
        form.initial["place"] = f"{location.pk}:{services[0].pk}"
        return
    choices = form.fields["place"].choices

    def first(choices=choices) -> list:
        listed = list(choices)
        mine = [c for c in listed[1:] if c[0] == location.name]
        return listed[:1] + mine + [c for c in listed[1:] if c[0] != location.name]

    form.fields["place"].choices = first


def _blank_form_page(
    request: HttpRequest, *, anonymous: bool = False, embed: bool = False
) -> HttpResponse:
    """The empty form, rendered once per version of the places and organisation and per
    language (and layout and preselected location), then served with this visitor's own CSRF
    token and submission key filled in.

    The parents' busiest page costs two cache reads instead of a render (docs/benchmarks.md).
    A page with a message to show (e.g. after "link kwijt?") is rendered as usual.
    """
    location = selectors.location_for_link(request.GET.get("locatie", ""))
    if len(messages.get_messages(request)):
        form = IntakeForm(
            initial={"submission_key": secrets.token_urlsafe(24)}, anonymous=anonymous
        )
        _preselect(form, location)
        return _form_page(request, form, embed=embed)
    mode = ANONYMOUS if anonymous else "named"
    where = location.pk if location is not None else ""
    key = f"intake:form-page:{selectors.places_version()}:{get_language()}:{mode}:{embed}:{where}"

    def shared_page() -> str:
        page = cache.get(key)
        if page is None:
            form = IntakeForm(initial={"submission_key": KEY_HOLE}, anonymous=anonymous)
            _preselect(form, location)
            rendered = _form_page(request, form, embed=embed)
            page = CSRF_VALUE.sub(rf"\g<1>{CSRF_HOLE}\g<3>", rendered.content.decode())
            cache.set(key, page, timeout=3600)
        return page

    # In this process's memory too (issue 18): the page then needs no query at all.
    page = local_cached(selectors.PLACES, key, shared_page)
    html = page.replace(CSRF_HOLE, get_token(request), 1)
    return HttpResponse(html.replace(KEY_HOLE, secrets.token_urlsafe(24), 1))


def retention_period(days: int) -> str:
    """The retention setting in words for the privacy notice: whole years as years."""
    if days % 365 == 0:
        years = days // 365
        return ngettext("%(n)d jaar", "%(n)d jaar", years) % {"n": years}
    return ngettext("%(n)d dag", "%(n)d dagen", days) % {"n": days}


def _form_page(
    request: HttpRequest, form: IntakeForm, status: int = 200, *, embed: bool = False
) -> HttpResponse:
    context = {
        "embed": embed,
        "form": form,
        "routes": routes_all(),
        "retention": retention_period(retention_days()),
    }
    return render(request, "intake/form.html", context, status=status)


@require_GET
@never_cache
def feedback_sent(request: HttpRequest, signed: str, *, embed: bool = False) -> HttpResponse:
    """The confirmation: the reference and what happens next. Signed and short-lived, so the
    address shows nothing to anyone who finds it later."""
    try:
        pk = signing.loads(signed, salt=CONFIRMATION_SALT, max_age=_max_age())
    except signing.BadSignature:  # also SignatureExpired
        raise Http404 from None
    feedback = get_object_or_404(Feedback.objects.select_related("location", "service"), pk=pk)
    context = {
        "feedback": feedback,
        "routes": [] if feedback.is_anonymous else routes_for(feedback.framework),
        "attachments": selectors.parent_attachments(feedback),
        "next_steps": next_steps_text(feedback),
        "embed": embed,
    }
    return _private(render(request, "intake/sent.html", context))


class TooMany(Exception):
    """The address asked too often; `status_limited` answers with the Dutch 429 page."""


def _linked(request: HttpRequest, token: str) -> Feedback:
    """The dossier behind a private link. Every request on a link counts towards the status
    page's rate limit first, found or not, so links cannot be guessed at speed
    (docs/security.md §5)."""
    if rate_limited(request, "status"):
        raise TooMany
    feedback = selectors.feedback_for_token(token=token)
    if feedback is None:
        raise Http404
    return feedback


def status_limited(view):
    """The status page's views answer an address that asked too often with 429."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except TooMany:
            return _private(_too_many(request))

    return wrapped


def _status_page(
    request: HttpRequest,
    feedback: Feedback,
    token: str,
    *,
    info_form: ParentInfoForm | None = None,
    rating_form: RatingForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_rate = feedback.status == Status.CLOSED and feedback.satisfaction is None
    routes, adviser = parent_help(feedback.framework)
    context = {
        "feedback": feedback,
        "token": token,
        "status_text": next_steps_text(feedback),
        **selectors.parent_story(feedback),
        "routes": routes,
        "adviser": adviser,
        # Who may ask to see or erase the data (LEGAL.md P4): the core decides, the page says.
        "rights": minors.rights_of(
            age_band=feedback.age_band, submitter_role=feedback.submitter_role
        ),
        "info_form": info_form or (ParentInfoForm() if feedback.is_open else None),
        "rating_form": rating_form or (RatingForm() if can_rate else None),
    }
    return _private(render(request, "intake/status.html", context, status=status))


@require_GET
@status_limited
def status(request: HttpRequest, token: str) -> HttpResponse:
    """The parent's private page: status, dates, shared messages, letters, forms."""
    return _status_page(request, _linked(request, token), token)


@require_POST
@status_limited
def status_add(request: HttpRequest, token: str) -> HttpResponse:
    """The parent adds information or files; it lands in the timeline and the handler hears."""
    feedback = _linked(request, token)
    if uploads.too_large(request):
        return render(request, "intake/too_large.html", status=413)
    form = ParentInfoForm(request.POST, request.FILES)
    if form.is_valid():
        files = [ParentFile(uploads.clean_name(f.name), t, f) for f, t in form.new_uploads]
        try:
            feedback_add_parent_info(
                feedback_id=feedback.pk, text=form.cleaned_data["text"], attachments=files
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, gettext("Dank u wel. Uw aanvulling is toegevoegd."))
            return redirect("intake:status", token=token)
    return _status_page(request, feedback, token, info_form=form, status=400)


@require_POST
@status_limited
def status_rate(request: HttpRequest, token: str) -> HttpResponse:
    """After closing: how satisfied the parent is with the handling (1–5 and a comment)."""
    feedback = _linked(request, token)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            feedback_rate(
                feedback_id=feedback.pk,
                satisfaction=form.cleaned_data["satisfaction"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, gettext("Dank u wel voor uw beoordeling."))
            return redirect("intake:status", token=token)
    return _status_page(request, feedback, token, rating_form=form, status=400)


@require_GET
@status_limited
def status_document(request: HttpRequest, token: str, document_id: int) -> FileResponse:
    """Download a letter shared with the parent, or a file they sent themselves; only through
    a working link (`selectors.parent_downloads`)."""
    feedback = _linked(request, token)
    document = get_object_or_404(selectors.parent_downloads(feedback), pk=document_id)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.filename,
        content_type=document.content_type,
    )
    return _private(response)


@require_http_methods(["GET", "POST"])
def link_resend(request: HttpRequest) -> HttpResponse:
    """Ask for the link again: the answer never tells whether the dossier exists."""
    form = ResendLinkForm(request.POST or None)
    if request.method == "POST":
        if rate_limited(request, "resend"):
            return _too_many(request)
        if form.is_valid():
            intake_link_resend(
                reference=form.cleaned_data["reference"], email=form.cleaned_data["email"]
            )
            return redirect("intake:link_resend_done")
    return render(
        request, "intake/link_resend.html", {"form": form}, status=400 if form.errors else 200
    )


@require_GET
def link_resend_done(request: HttpRequest) -> HttpResponse:
    return render(request, "intake/link_resend_done.html")


@require_GET
def regulation(request: HttpRequest) -> HttpResponse:
    """The complaints regulation in force, with its date and the client panel's say (H8), and
    each location's latest GGD inspection report (Wko 1.54 lid 2–3, R7)."""
    current, earlier = selectors.regulations_public(today=timezone.localdate())
    return render(
        request,
        "intake/regulation.html",
        {
            "current": current,
            "text_html": markdown_html(current.text) if current else "",
            "earlier": earlier,
            "inspection_reports": selectors.inspection_reports(),
        },
    )
