"""The dossier's actions: `POST /api/v1/klantreacties/{id}/<action>/`.

Each gets the dossier through `access.feedback_get` (403 for the role, before the dossier, as
on the web; 404 outside scope), asks the core whether the action may happen
now (`gate.action_require`, the web's own question: a 409 with the web's Dutch reason when
not), checks its input, and calls the same service as the web page for that intent. Every
staff action of `workflow.TRANSITIONS` has an endpoint here (tests/test_parity_generated.py).
"""

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from klachtwijs.api import gate
from klachtwijs.api.errors import ACTION_ERRORS
from klachtwijs.api.serializers import actions as inputs
from klachtwijs.api.serializers.feedback import FeedbackDetailSerializer
from klachtwijs.feedback import services
from klachtwijs.feedback.models import Escalation, Measure
from klachtwijs.organisation import access

NEEDS_CATEGORY = "Kies een categorie."
NOT_VISIBLE = "Niet gevonden, of u mag deze klantreactie niet zien"
MEASURE_NOT_OPEN = "Dit is geen open maatregel van deze klantreactie."
ESCALATION_NOT_OPEN = "Dit is geen lopende escalatie of geschil van deze klantreactie."


GONE = OpenApiResponse(
    description=(
        "Gedaan. U ziet de klantreactie daarna niet meer: in de meldcoderoute zien alleen "
        "aandachtsfunctionarissen en het hoofd kwaliteit haar (zoals in de back office)."
    )
)


def _act(name: str, serializer, summary: str, *, core: str | None = None):
    """Declare one action: its schema, its input and the service call (`do`).

    `name` is the path (`klantreacties/{id}/<name>/`); `core` the core's action when it has
    another name (`escalation_end` is the core's `escalation`). The answer is the dossier as
    the caller now sees it, or 204 when the caller no longer may see it.
    """
    core = core or name

    def decorator(do):
        def view(self, request, pk=None):
            feedback = access.feedback_get(request.user, pk, core)
            gate.action_require(user=request.user, feedback=feedback, action=core)
            data = serializer(data=request.data)
            data.is_valid(raise_exception=True)
            do(feedback, data.validated_data, request.user)
            if not access.feedback_visible(request.user).filter(pk=feedback.pk).exists():
                return Response(status=status.HTTP_204_NO_CONTENT)
            return self.detail_response(feedback.pk)

        view.__name__ = view.__qualname__ = do.__name__
        view.__doc__ = do.__doc__
        view = action(detail=True, methods=["post"], url_path=name, url_name=name)(view)
        return extend_schema(
            request=serializer,
            responses={200: FeedbackDetailSerializer, 204: GONE, **ACTION_ERRORS},
            summary=summary,
        )(view)

    return decorator


def _not_found(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})


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

    @_act("correct_service", inputs.CorrectServiceSerializer, "Dienst corrigeren")
    def correct_service(feedback, data, user):
        """Een verkeerde dienst corrigeren na registratie (LEGAL.md T4): het kader volgt de
        juiste dienst; de termijn blijft staan, tenzij `recompute_due`. Oude en nieuwe waarden
        komen in de tijdlijn."""
        services.feedback_correct_service(
            feedback_id=feedback.pk,
            by=user,
            service=data["service"],
            reason=data["reason"],
            recompute_due=data["recompute_due"],
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

    # --- actions that keep the status ----------------------------------------------------

    @_act("note", inputs.TextSerializer, "Interne notitie")
    def note(feedback, data, user):
        """Een notitie alleen voor medewerkers; de ouder ziet die niet. Kan altijd, ook in de
        meldcoderoute."""
        services.feedback_add_note(feedback_id=feedback.pk, by=user, text=data["text"])

    @_act("message", inputs.TextSerializer, "Bericht aan de ouder")
    def message(feedback, data, user):
        """Een bericht over de voortgang: de ouder ziet het op de eigen pagina en krijgt een
        e-mail. Niet in de meldcoderoute."""
        services.feedback_share_message(feedback_id=feedback.pk, by=user, text=data["text"])

    @_act("situation", inputs.SituationLinkSerializer, "Koppelen als één situatie")
    def situation(feedback, data, user):
        """Klantreacties over dezelfde situatie koppelen (of toevoegen aan de situatie die er al
        is). `others` zijn de andere klantreacties; u moet ze kunnen zien."""
        others = set(data["others"]) - {feedback.pk}
        found = set(
            access.feedback_visible(user).filter(pk__in=others).values_list("pk", flat=True)
        )
        if found != others:
            missing = ", ".join(str(pk) for pk in sorted(others - found))
            raise _not_found("others", f"{NOT_VISIBLE}: {missing}.")
        services.situation_link(
            feedback_ids=[feedback.pk, *sorted(others)], title=data["title"], by=user
        )

    @_act("report_texts", inputs.ReportTextsSerializer, "Teksten voor het jaarverslag")
    def report_texts(feedback, data, user):
        """De geanonimiseerde omschrijving en afhandeling voor de bijlage van het jaarverslag
        (zonder namen). Wat u weglaat, blijft zoals het is."""
        services.feedback_set_report_texts(
            feedback_id=feedback.pk,
            by=user,
            summary=data.get("summary", feedback.report_summary),
            handling=data.get("handling", feedback.report_handling),
        )

    @_act("share_team", inputs.OptionalTextSerializer, "Delen met het team")
    def share_team(feedback, data, user):
        """Een compliment of verbeterpunt delen met het team van de vestiging (per e-mail); de
        ouder ziet dat het gedeeld is."""
        services.feedback_share_with_team(feedback_id=feedback.pk, by=user, text=data["text"])

    @_act("measure", inputs.MeasuresSerializer, "Maatregelen na het oordeel van de commissie")
    def measure(feedback, data, user):
        """De maatregelen na het oordeel van de klachtencommissie, binnen een maand
        (Jeugdwet 4.2.1 lid 5): elk met een eigenaar en een datum die niet voorbij is, of
        `no_measures_reason`. De indiener en de klachtencommissie krijgen de brief (PDF) per
        e-mail; daarna kan het dossier dicht."""
        services.committee_measures_tell(
            feedback_id=feedback.pk,
            measures=[services.MeasureInput(**m) for m in data["measures"]],
            no_measures_reason=data["no_measures_reason"],
            by=user,
        )

    @_act("measure_done", inputs.MeasureDoneSerializer, "Maatregel afronden")
    def measure_done(feedback, data, user):
        """Een open maatregel van deze klantreactie is klaar (vandaag), zoals de knop
        ‘Afgerond’ in de back office."""
        measure = Measure.objects.filter(
            feedback=feedback, pk=data["measure"], done_at=None
        ).first()
        if measure is None:
            raise _not_found("measure", MEASURE_NOT_OPEN)
        services.measure_complete(measure_id=measure.pk, done_on=timezone.localdate(), by=user)

    @_act(
        "escalation_end",
        inputs.EscalationEndSerializer,
        "Uitkomst escalatie of geschil vastleggen",
        core="escalation",
    )
    def escalation_end(feedback, data, user):
        """Hoe een lopende escalatie of geschil afliep (bij een geschil: een bindende
        uitspraak). Een nieuwe escalatie vastleggen: POST op `escalations/`."""
        escalation = Escalation.objects.filter(
            feedback=feedback, pk=data["escalation"], ended_on=None
        ).first()
        if escalation is None:
            raise _not_found("escalation", ESCALATION_NOT_OPEN)
        services.escalation_end(
            escalation_id=escalation.pk,
            by=user,
            ended_on=data["ended_on"],
            result=data["result"],
            is_binding=data["is_binding"],
        )

    # --- the meldcode route (LEGAL.md M1-M4) ---------------------------------------------

    @_act("start_meldcode", inputs.MeldcodeStartSerializer, "Meldcoderoute starten")
    def start_meldcode(feedback, data, user):
        """Een vermoeden van kindermishandeling of grensoverschrijdend gedrag: de gewone
        klachtprocedure stopt. Daarna zien alleen aandachtsfunctionarissen en het hoofd
        kwaliteit de klantreactie; ziet u haar dan niet meer, dan is het antwoord 204. De
        medewerker over wie het vermoeden gaat (`concerned_employee`) ziet haar nooit meer."""
        services.meldcode_start(
            feedback_id=feedback.pk,
            by=user,
            text=data["text"],
            concerned_employee=data["concerned_employee"],
        )

    @_act("meldcode", inputs.MeldcodeStepSerializer, "Stap van de meldcode vastleggen")
    def meldcode(feedback, data, user):
        """Eén stap van de meldcode met moment (niet in de toekomst), besluit en wie besloot.
        Het besluit over een melding bij Veilig Thuis (`decide`) legt alleen vast wie de
        organisatie daarvoor heeft aangewezen."""
        services.meldcode_step_record(
            feedback_id=feedback.pk,
            by=user,
            step=data["step"],
            at=data["at"],
            decision=data["decision"],
        )

    @_act(
        "meldcode_concerned",
        inputs.MeldcodeConcernedSerializer,
        "Betrokken medewerker vastleggen of wijzigen",
    )
    def meldcode_concerned(feedback, data, user):
        """Over welke medewerker het vermoeden gaat, ook nadat de route is gestart. Die
        medewerker ziet de klantreactie vanaf nu niet meer, telt haar niet mee en krijgt er
        geen berichten over."""
        services.meldcode_concerned_set(
            feedback_id=feedback.pk, by=user, concerned_employee=data["concerned_employee"]
        )

    @_act("close_meldcode", inputs.OptionalTextSerializer, "Meldcoderoute afsluiten")
    def close_meldcode(feedback, data, user):
        """De meldcoderoute afsluiten; kan pas als alle verplichte stappen zijn vastgelegd."""
        services.meldcode_close(feedback_id=feedback.pk, by=user, text=data["text"])
