"""factory_boy factories, with a trait per lifecycle state (STYLE.md §11).

Lifecycle states are reached through the real services, never by setting `status`.
"""

import datetime as dt

import factory
from django.utils import timezone

from klachtwijs.feedback import services
from klachtwijs.feedback.models import (
    Category,
    ClosureReason,
    Event,
    Feedback,
    Kind,
    Outcome,
    Status,
)
from klachtwijs.feedback.services.walk import Judging
from klachtwijs.organisation import access
from klachtwijs.organisation.frameworks import LegalFramework
from klachtwijs.organisation.models import Location, Region, Role, Service, User
from klachtwijs.webhooks import catalogue


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"Regio {n}")
    ggd_name = factory.LazyAttribute(lambda o: f"GGD {o.name}")
    ggd_email = factory.Sequence(lambda n: f"ggd{n}@example.nl")


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        django_get_or_create = ("name",)

    name = "Dagopvang"
    framework = LegalFramework.WKO

    class Params:
        jeugdwet = factory.Trait(name="Ontwikkelarrangement", framework=LegalFramework.JEUGDWET)
        wkkgz = factory.Trait(name="Medische zorg", framework=LegalFramework.WKKGZ)


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Vestiging {n}")
    city = "Eindhoven"
    region = factory.SubFactory(RegionFactory)

    @factory.post_generation
    def services(self, create, extracted, **kwargs):
        if create:
            self.services.add(*(extracted or [ServiceFactory()]))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"medewerker{n}")
    first_name = "Sam"
    last_name = factory.Sequence(lambda n: f"Jansen{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.nl")
    role = Role.HANDLER
    password = factory.django.Password("een-goed-wachtwoord")

    @factory.post_generation
    def locations(self, create, extracted, **kwargs):
        if create and extracted:
            self.locations.add(*extracted)


def organisation_set_up() -> None:
    """What a set-up organisation has beyond what the factories make (issue 14): its real name
    and a way to reach it, and a published complaints regulation in force. With a location from
    `LocationFactory` (region, service) the public form is then open (`setup_missing`).
    Nobody is added who would be told of anything."""
    from klachtwijs.feedback.models import Regulation
    from klachtwijs.organisation.selectors import organisation_get
    from klachtwijs.organisation.setup import PLACEHOLDER_NAME

    organisation = organisation_get()
    if organisation.name == PLACEHOLDER_NAME:
        organisation.name = "Kinderopvang Het Testhuis"
    organisation.email = organisation.email or "info@testhuis.example"
    organisation.save()
    if not Regulation.objects.filter(
        in_force_from__lte=dt.date(2000, 1, 1), published_at__isnull=False
    ).exists():
        # Published as `regulation_publish` would, with the advice (Wko) and the consent
        # (Jeugdwet) any mix of services needs (LEGAL.md H8).
        published = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
        regulation = Regulation.objects.create(
            version="0",
            in_force_from=dt.date(2000, 1, 1),
            text="De klachtenregeling.",
            published_at=published,
        )
        for kind, body in [("advice", "klantpanel"), ("consent", "clientenraad")]:
            regulation.advices.create(kind=kind, body=body, on=dt.date(1999, 12, 1))


def category(name: str = "Communicatie en informatie") -> Category:
    return Category.objects.get(name=name)


class FeedbackFactory(factory.Factory):
    """Builds a dossier through `feedback_receive`, then walks it to the asked state.

    Traits: registered, in_progress, contacted, answered, closed, withdrawn, meldcode.
    """

    class Meta:
        model = Feedback

    kind = Kind.COMPLAINT
    location = factory.SubFactory(LocationFactory)
    service = factory.LazyAttribute(lambda o: o.location.services.first())
    description = "De overdracht bij het ophalen was rommelig."
    submitter_name = "Fleur de Vries"
    submitter_email = "fleur@example.nl"
    submitter_phone = "0612345678"
    received_at = factory.LazyFunction(timezone.now)
    suspected_abuse = False
    state = "received"  # popped in _create: how far to walk the dossier

    class Params:
        registered = factory.Trait(state="registered")
        in_progress = factory.Trait(state="in_progress")
        contacted = factory.Trait(state="contacted")
        answered = factory.Trait(state="answered")
        closed = factory.Trait(state="closed")
        withdrawn = factory.Trait(state="withdrawn")
        meldcode = factory.Trait(state="meldcode")

    @classmethod
    def _create(cls, model_class, state="received", **kwargs):
        feedback = services.feedback_receive(**kwargs)
        return walk(feedback, state)

    _build = _create


def walk(feedback: Feedback, state: str) -> Feedback:
    """Move a received dossier through the real services (`services.walk_to`) to `state`;
    "contacted" is in_progress with one logged contact."""
    officer = User.objects.filter(role=Role.QUALITY_OFFICER).first() or UserFactory(
        role=Role.QUALITY_OFFICER
    )
    handler = None
    if state in ("in_progress", "contacted", "answered", "closed"):
        handler = feedback.location.manager or UserFactory(locations=[feedback.location])
        if not access.may_handle(handler, feedback):  # e.g. a manager from management
            role = Role.MELDCODE_OFFICER if feedback.is_restricted else Role.HANDLER  # M2
            handler = UserFactory(role=role, locations=[feedback.location])
    closure = {
        "withdrawn": ClosureReason.WITHDRAWN,
        "meldcode": ClosureReason.MELDCODE,
    }.get(state)
    status = {"contacted": Status.IN_PROGRESS, "withdrawn": Status.CLOSED}.get(state, state)
    if feedback.category is None and state != "received":
        feedback.category = category()
    feedback = services.walk_to(
        feedback,
        status,
        by=officer,
        handler=handler,
        closure=closure,
        text="Signalen" if state == "meldcode" else "",
        judging=Judging(
            outcome=Outcome.PARTLY_FOUNDED,
            reasoning="De overdracht kan beter.",
            measures=[
                services.MeasureInput(
                    description="Vaste overdrachtsmomenten",
                    owner=handler,
                    due_date=timezone.localdate() + dt.timedelta(days=30),
                )
            ],
            contact="Gebeld met ouder.",
        ),
    )
    if state == "contacted":
        services.feedback_log_contact(
            feedback_id=feedback.pk,
            by=handler,
            channel=Event.ContactChannel.PHONE,
            on=timezone.localdate(),
            summary="Gebeld met ouder.",
        )
    return feedback


class WebhookSubscriptionFactory(factory.django.DjangoModelFactory):
    """A webhook subscription to every event, at an address nobody listens on unless a test
    starts a receiver there (tests/webhooks/receiver.py)."""

    class Meta:
        model = "webhooks.WebhookSubscription"

    name = "Kwaliteitssysteem"
    url = "http://127.0.0.1:9/hook"
    events = factory.LazyFunction(lambda: list(catalogue.EVENTS))
    secret = "whsec_test"


class MailTemplateFactory(factory.django.DjangoModelFactory):
    """An editable mail text. `migrate` seeds them (notifications/0003), but a transactional
    test that ran earlier in the worker flushes the table, so a test that opens one makes sure."""

    class Meta:
        model = "notifications.MailTemplate"
        django_get_or_create = ("kind",)

    kind = "acknowledgement"
    description = "Ontvangstbevestiging aan de ouder"
    subject = "Wij hebben uw klacht ontvangen"
    body_text = "Beste {{ parent_name }},"


def unmatched_mail(
    feedback: Feedback | None = None,
    *,
    sender: str = "ouder@example.nl",
    text: str = "Hoe staat het met mijn klacht?",
    reason: str = "forged",
):
    """A parent's mail waiting for the quality department (`klachtwijs.mailin`), as
    `mail_receive` leaves one; `feedback`: the dossier its valid reply address named (a
    closed one), so only who may see that dossier reads it."""
    import hashlib
    import secrets

    from django.core.files.base import ContentFile

    from klachtwijs.mailin.models import InboundMail

    raw = f"From: {sender}\r\nSubject: Vraag\r\n\r\n{text}\r\n".encode()
    mail = InboundMail(
        message_key=hashlib.sha256(secrets.token_bytes(16)).hexdigest(),
        outcome=InboundMail.Outcome.UNMATCHED,
        reason=reason,
        feedback=feedback,
        sender=sender,
        subject="Vraag",
        text=text,
    )
    mail.raw.save("test.eml", ContentFile(raw), save=False)
    mail.save()
    return mail
