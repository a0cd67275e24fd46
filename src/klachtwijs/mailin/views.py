"""The unmatched-mail pages under /staff/post/ (quality department, `access.mail_visible`):
the list, one mail, and the two decisions. Gate → form → one service → redirect."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from klachtwijs.core.form_errors import add_errors
from klachtwijs.mailin import selectors, services
from klachtwijs.mailin.forms import LinkForm
from klachtwijs.organisation.decorators import staff_view


@require_GET
@staff_view("mail_inbox")
def mail_list(request: HttpRequest) -> HttpResponse:
    mails = selectors.mails_waiting(request.user)[:200]
    return render(request, "mailin/list.html", {"mails": mails})


def _detail(request: HttpRequest, mail, form: LinkForm, status: int = 200) -> HttpResponse:
    return render(request, "mailin/detail.html", {"mail": mail, "form": form}, status=status)


@require_GET
@staff_view("mail_inbox")
def mail_detail(request: HttpRequest, mail_id: int) -> HttpResponse:
    return _detail(request, selectors.mail_get(request.user, mail_id), LinkForm())


@require_POST
@staff_view("mail_inbox")
def mail_link(request: HttpRequest, mail_id: int) -> HttpResponse:
    mail = selectors.mail_get(request.user, mail_id)
    form = LinkForm(request.POST)
    if form.is_valid():
        try:
            linked = services.mail_link(
                mail_id=mail.pk, reference=form.cleaned_data["reference"], by=request.user
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _("De e-mail staat nu in dossier %(reference)s.")
                % {"reference": linked.feedback.reference},
            )
            return redirect("mailin:list")
    return _detail(request, mail, form, status=400)


@require_POST
@staff_view("mail_inbox")
def mail_discard(request: HttpRequest, mail_id: int) -> HttpResponse:
    mail = selectors.mail_get(request.user, mail_id)
    try:
        services.mail_discard(mail_id=mail.pk, by=request.user)
    except ValidationError as exc:
        form = LinkForm()
        add_errors(form, exc)
        return _detail(request, mail, form, status=400)
    messages.success(request, _("De e-mail is weggegooid."))
    return redirect("mailin:list")
