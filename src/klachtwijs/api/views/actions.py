"""The dossier's actions: `POST /api/v1/klantreacties/{id}/<action>/`.

Each gets the dossier through `access.feedback_get` (404 outside scope, 403 for the role), asks
the core whether the action may happen now (`gate.action_require`, the web's own question: a
409 with the web's Dutch reason when not), checks its input, and calls the same service as the
web page for that intent.
"""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError

from klachtwijs.api import gate
from klachtwijs.api.errors import ACTION_ERRORS
from klachtwijs.api.serializers import actions as inputs
from klachtwijs.api.serializers.feedback import FeedbackDetailSerializer
from klachtwijs.feedback import services
from klachtwijs.organisation import access

NEEDS_CATEGORY = "Kies een categorie."


def _act(name: str, serializer, summary: str):
    """Declare one action: its schema, its input and the service call (`do`)."""

    def decorator(do):
        def view(self, request, pk=None):
            feedback = access.feedback_get(request.user, pk, name)
            gate.action_require(user=request.user, feedback=feedback, action=name)
            data = serializer(data=request.data)
            data.is_valid(raise_exception=True)
            do(feedback, data.validated_data, request.user)
            return self.detail_response(feedback.pk)

        view.__name__ = view.__qualname__ = do.__name__
        view.__doc__ = do.__doc__
        view = action(detail=True, methods=["post"], url_path=name, url_name=name)(view)
        return extend_schema(
            request=serializer,
            responses={200: FeedbackDetailSerializer, **ACTION_ERRORS},
            summary=summary,
        )(view)

    return decorator


class ActionsMixin:
    @_act("register", inputs.RegisterSerializer, "Registreren")
    def register(feedback, data, user):
        """Soort, categorie, vestiging en dienst zijn gecontroleerd: ontvangen -> geregistreerd.
        Wat u weglaat, blijft zoals het is."""
        category = data.get("category") or feedback.category
        if category is None:
            raise ValidationError({"category": [NEEDS_CATEGORY]})
        services.feedback_register(
            feedback_id=feedback.pk,
            by=user,
            kind=data.get("kind", feedback.kind),
            category=category,
            location=data.get("location", feedback.location),
            service=data.get("service", feedback.service),
        )

    @_act("assign", inputs.AssignSerializer, "Behandelaar toewijzen")
    def assign(feedback, data, user):
        """Een behandelaar neemt de klantreactie: geregistreerd -> in behandeling.
        Opnieuw toewijzen draagt de klantreactie over."""
        services.feedback_assign(feedback_id=feedback.pk, handler=data["handler"], by=user)

    @_act("contact", inputs.ContactSerializer, "Contact vastleggen")
    def contact(feedback, data, user):
        """Een contact of onderzoeksstap (telefoon, gesprek, e-mail); de status blijft gelijk."""
        services.feedback_log_contact(
            feedback_id=feedback.pk,
            by=user,
            channel=data["channel"],
            on=data["on"],
            summary=data["summary"],
        )

    @_act("extend", inputs.ExtendSerializer, "Termijn verlengen")
    def extend(feedback, data, user):
        """Verlengen waar het wettelijk kader van de dienst dat toestaat (niet bij de Wko).
        De ouder krijgt een brief met de reden en de nieuwe datum (PDF in het dossier en per
        e-mail), net als in de back office."""
        services.feedback_extend(
            feedback_id=feedback.pk, until=data["until"], reason=data["reason"], by=user
        )

    @_act("judge", inputs.JudgeSerializer, "Oordeel geven en versturen")
    def judge(feedback, data, user):
        """Het schriftelijke, gemotiveerde oordeel met maatregelen: in behandeling -> beantwoord.
        De brief met het oordeel komt als PDF in het dossier en gaat per e-mail naar de ouder.
        Met `by_committee` het oordeel van de klachtencommissie (alleen bij de Jeugdwet, actie
        `committee` in `allowed_actions`); zonder maatregelen staat in het oordeel dat ze
        binnen een maand volgen (Jeugdwet 4.2.1 lid 5)."""
        if data["by_committee"]:
            gate.action_require(user=user, feedback=feedback, action="committee")
        services.feedback_judge(
            feedback_id=feedback.pk,
            by=user,
            outcome=data["outcome"],
            reasoning=data["reasoning"],
            measures=[services.MeasureInput(**m) for m in data["measures"]],
            no_measures_reason=data["no_measures_reason"],
            by_committee=data["by_committee"],
            decided_on=data["decided_on"],
        )

    @_act("close", inputs.EmptySerializer, "Afsluiten")
    def close(feedback, data, user):
        """Een beantwoorde klacht officieel afsluiten: beantwoord -> afgesloten."""
        services.feedback_close(feedback_id=feedback.pk, by=user)

    @_act("resolve", inputs.ResolveSerializer, "Afsluiten zonder oordeel")
    def resolve(feedback, data, user):
        """Afsluiten zonder oordeel: opgelost, niet ontvankelijk, doorgestuurd of afgehandeld."""
        services.feedback_resolve(
            feedback_id=feedback.pk, reason=data["reason"], text=data["text"], by=user
        )

    @_act("withdraw", inputs.WithdrawSerializer, "Intrekken")
    def withdraw(feedback, data, user):
        """De ouder trekt de klantreactie in; het dossier sluit als ingetrokken."""
        services.feedback_withdraw(feedback_id=feedback.pk, text=data["text"], by=user)

    @_act("reopen", inputs.ReopenSerializer, "Heropenen")
    def reopen(feedback, data, user):
        """Nieuwe feiten na afsluiten: afgesloten -> in behandeling."""
        services.feedback_reopen(feedback_id=feedback.pk, reason=data["reason"], by=user)
