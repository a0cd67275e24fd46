"""The webhook settings page and its delivery log: gate → form → one service → redirect.

The secret is shown once: the service returns it, the view keeps it in the session for the
one page view after the redirect, and after that only a new secret can be made.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from klachtwijs.core.form_errors import add_errors
from klachtwijs.organisation.decorators import staff_view
from klachtwijs.webhooks import catalogue, services
from klachtwijs.webhooks.forms import SubscriptionForm
from klachtwijs.webhooks.models import WebhookDelivery, WebhookSubscription

ACTION = "settings_webhooks"
SESSION_KEY = "webhook_secret"
LOG_ROWS = 50


def _show_once(request: HttpRequest, subscription_id: int, secret: str) -> None:
    request.session[SESSION_KEY] = {"id": subscription_id, "secret": secret}


def _take_secret(request: HttpRequest, subscription_id: int) -> str:
    kept = request.session.pop(SESSION_KEY, None)
    return kept["secret"] if kept and kept.get("id") == subscription_id else ""


def _values(form: SubscriptionForm) -> dict:
    data = form.cleaned_data
    return {
        "name": data["name"],
        "url": data["url"],
        "events": data["events"],
        "may_carry_personal_data": data["may_carry_personal_data"],
        "is_active": data["is_active"],
    }


@staff_view(ACTION)
def subscriptions(request: HttpRequest) -> HttpResponse:
    """The subscriptions, and the form for a new one."""
    form = SubscriptionForm(request.POST or None, initial={"is_active": True})
    if request.method == "POST" and form.is_valid():
        try:
            subscription, secret = services.subscription_create(**_values(form), by=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            _show_once(request, subscription.pk, secret)
            messages.success(request, _("De koppeling is aangemaakt."))
            return redirect("webhooks:detail", subscription_id=subscription.pk)
    context = {
        "title": _("Koppelingen met andere systemen (webhooks)"),
        "subscriptions": WebhookSubscription.objects.all(),
        "form": form,
    }
    return render(request, "webhooks/list.html", context)


@staff_view(ACTION)
def subscription(request: HttpRequest, subscription_id: int) -> HttpResponse:
    """One subscription: its settings, the secret right after it was made, the delivery log."""
    sub = get_object_or_404(WebhookSubscription, pk=subscription_id)
    initial = {
        "name": sub.name,
        "url": sub.url,
        "events": sub.events,
        "may_carry_personal_data": sub.may_carry_personal_data,
        "is_active": sub.is_active,
    }
    form = SubscriptionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.subscription_update(subscription_id=sub.pk, **_values(form), by=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("De koppeling is opgeslagen."))
            return redirect("webhooks:detail", subscription_id=sub.pk)
    deliveries = list(
        WebhookDelivery.objects.filter(subscription=sub).order_by("-created_at", "-pk")[:LOG_ROWS]
    )
    for delivery in deliveries:
        delivery.label = catalogue.EVENTS.get(delivery.event, delivery.event)
    context = {
        "title": sub.name,
        "subscription": sub,
        "form": form,
        "secret": _take_secret(request, sub.pk),
        "deliveries": deliveries,
        "pending": WebhookDelivery.State.PENDING,
    }
    return render(request, "webhooks/detail.html", context)


@staff_view(ACTION)
def secret_renew(request: HttpRequest, subscription_id: int) -> HttpResponse:
    """A new secret (POST); the old one stops working at once."""
    sub = get_object_or_404(WebhookSubscription, pk=subscription_id)
    if request.method == "POST":
        secret = services.subscription_secret_renew(subscription_id=sub.pk, by=request.user)
        _show_once(request, sub.pk, secret)
        messages.success(request, _("Er is een nieuwe geheime sleutel gemaakt."))
    return redirect("webhooks:detail", subscription_id=sub.pk)
