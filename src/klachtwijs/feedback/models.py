"""The dossier: a klantreactie (`Feedback`) with its timeline, judgment, measures and more.

Nothing here changes `Feedback.status`: only the services in `services.py` do, along the
transition table in `workflow.py`.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klachtwijs.core.changes import ChangeSignallingQuerySet
from klachtwijs.organisation.frameworks import LegalFramework
from klachtwijs.organisation.models import Location, Service


class Kind(models.TextChoices):
    COMPLAINT = "complaint", _("klacht")
    SUGGESTION = "suggestion", _("verbeterpunt")
    COMPLIMENT = "compliment", _("compliment")
    SIGNAL = "signal", _("vraag of signaal")


class ParentLanguage(models.TextChoices):
    """The language the parent wrote and reads in: their pages and mails use it, staff see it
    on the dossier. The codes are `settings.LANGUAGES` (docs/i18n.md); the labels are Dutch,
    for staff."""

    DUTCH = "nl", _("Nederlands")
    ENGLISH = "en", _("Engels")
    ARABIC = "ar", _("Arabisch")
    TURKISH = "tr", _("Turks")
    POLISH = "pl", _("Pools")
    UKRAINIAN = "uk", _("Oekraïens")


class Status(models.TextChoices):
    RECEIVED = "received", _("ontvangen")
    REGISTERED = "registered", _("geregistreerd")
    IN_PROGRESS = "in_progress", _("in behandeling")
    ANSWERED = "answered", _("beantwoord")
    MELDCODE = "meldcode", _("meldcoderoute")
    CLOSED = "closed", _("afgesloten")


class Channel(models.TextChoices):
    WEB_FORM = "web_form", _("webformulier")
    PHONE = "phone", _("telefoon")
    EMAIL = "email", _("e-mail")
    LETTER = "letter", _("brief")
    IN_PERSON = "in_person", _("persoonlijk")
    API = "api", _("koppeling")
    IMPORT = "import", _("import")


class ContactPreference(models.TextChoices):
    EMAIL = "email", _("per e-mail")
    PHONE = "phone", _("telefonisch")


class SubmitterRole(models.TextChoices):
    """Who wrote the klantreactie; with `AgeBand` it decides who may exercise the rights over
    the data (LEGAL.md P4, `feedback/minors.py`)."""

    PARENT = "parent", _("ouder of voogd")
    YOUNG_PERSON = "young_person", _("de jongere zelf")
    OTHER = "other", _("iemand anders, namens het kind of de ouders")


class AgeBand(models.TextChoices):
    """The child's age, in the bands of Jeugdwet 7.3.4–7.3.5 (LEGAL.md P4)."""

    UNDER_12 = "under_12", _("jonger dan 12 jaar")
    FROM_12_TO_15 = "12_to_15", _("12 tot en met 15 jaar")
    FROM_16 = "16_plus", _("16 jaar of ouder")


class ClosureReason(models.TextChoices):
    """Why a dossier closed; separate from a judgment's outcome (LEGAL.md H5)."""

    JUDGED = "judged", _("afgehandeld met oordeel")
    SOLVED = "solved", _("opgelost zonder oordeel")
    WITHDRAWN = "withdrawn", _("ingetrokken")
    NOT_ADMISSIBLE = "not_admissible", _("niet ontvankelijk")
    FORWARDED = "forwarded", _("doorgestuurd")
    MELDCODE = "meldcode", _("meldcoderoute")
    HANDLED = "handled", _("afgehandeld")


class Outcome(models.TextChoices):
    WELL_FOUNDED = "well_founded", _("gegrond")
    PARTLY_FOUNDED = "partly_founded", _("deels gegrond")
    UNFOUNDED = "unfounded", _("ongegrond")


class Category(models.Model):
    """A configurable subject (onderwerp); seeded with the sector's usual ones."""

    name = models.CharField(_("naam"), max_length=150, unique=True)
    is_meldcode = models.BooleanField(
        _("meldcoderoute"),
        default=False,
        help_text=_("Klantreacties in deze categorie volgen de beperkte meldcoderoute."),
    )
    is_active = models.BooleanField(_("actief"), default=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    objects = ChangeSignallingQuerySet.as_manager()  # core/changes.py: cached

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("categorie")
        verbose_name_plural = _("categorieën")

    def __str__(self) -> str:
        return self.name


class Situation(models.Model):
    """Several klantreacties that concern one and the same situation."""

    title = models.CharField(_("korte omschrijving (zonder namen)"), max_length=200)
    note = models.TextField(_("toelichting voor het jaarverslag (zonder namen)"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    class Meta:
        verbose_name = _("situatie")
        verbose_name_plural = _("situaties")

    def __str__(self) -> str:
        return self.title


class ReferenceCounter(models.Model):
    """The last dossier number handed out per year; locked row, so numbers never repeat."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Feedback(models.Model):
    """A klantreactie and its dossier."""

    reference = models.CharField(_("kenmerk"), max_length=12, unique=True)
    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices)
    # What the parent called it, set at receipt and never changed: registering it as another
    # kind does not take it out of the complaints the report counts (LEGAL.md R6).
    kind_by_parent = models.CharField(
        _("soort volgens de ouder"), max_length=12, choices=Kind.choices, editable=False
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback",
        verbose_name=_("categorie"),
    )
    channel = models.CharField(
        _("kanaal"), max_length=12, choices=Channel.choices, default=Channel.WEB_FORM
    )
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="feedback", verbose_name=_("vestiging")
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="feedback", verbose_name=_("dienst")
    )
    # The framework is copied from the service when received: a later change of the service
    # does not change the rules that applied to this dossier (LEGAL.md T4).
    framework = models.CharField(
        _("wettelijk kader"), max_length=10, choices=LegalFramework.choices
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED, editable=False
    )
    is_restricted = models.BooleanField(
        _("beperkt (meldcode)"),
        default=False,
        editable=False,
        help_text=_("Alleen zichtbaar voor aandachtsfunctionarissen en het hoofd kwaliteit."),
    )

    # An anonymous signal: the parent told us something without name (and with an e-mail
    # address only if they want a status link). Not a complaint in the sense of Wko 1.57b or
    # Jeugdwet 4.2.1: no term, no judgment, counted apart (`workflow.ANONYMOUS_KINDS`).
    is_anonymous = models.BooleanField(_("anoniem signaal"), default=False, editable=False)

    received_at = models.DateTimeField(_("ontvangen op"))
    happened_on = models.DateField(_("sinds wanneer"), null=True, blank=True)
    description = models.TextField(_("wat is er gebeurd"))
    desired_outcome = models.TextField(_("wat zou helpen"), blank=True)

    # Blank only for an anonymous signal (`is_anonymous`): the parent gave no name.
    submitter_name = models.CharField(_("naam"), max_length=200, blank=True)
    submitter_email = models.EmailField(_("e-mailadres"), blank=True)
    submitter_phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    contact_preference = models.CharField(
        _("contact bij voorkeur"),
        max_length=10,
        choices=ContactPreference.choices,
        default=ContactPreference.EMAIL,
    )
    # The parent's own text is kept as written; this says in which language (and which
    # language their pages and mails use).
    parent_language = models.CharField(
        _("taal van de ouder"),
        max_length=8,
        choices=ParentLanguage.choices,
        default=ParentLanguage.DUTCH,
    )
    # Who wrote it and how old the (oldest) child is: who may exercise the rights (P4).
    # Blank: not asked (received before these fields existed, or through the API without them).
    submitter_role = models.CharField(
        _("geschreven door"), max_length=12, choices=SubmitterRole.choices, blank=True
    )
    age_band = models.CharField(
        _("leeftijd kind"), max_length=8, choices=AgeBand.choices, blank=True
    )
    # [{"first_name": "...", "group": "..."}]: first name and group only, nothing more.
    children = models.JSONField(_("betrokken kinderen"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ingevoerd door"),
    )
    submission_key = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    # SHA-256 of what was sent with the key: the same key with another body is refused (api).
    submission_fingerprint = models.CharField(max_length=64, blank=True, default="", editable=False)

    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handled_feedback",
        verbose_name=_("behandelaar"),
    )
    registered_at = models.DateTimeField(
        _("geregistreerd op"), null=True, blank=True, editable=False
    )
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True, editable=False)
    closure_reason = models.CharField(
        _("reden afsluiting"),
        max_length=16,
        choices=ClosureReason.choices,
        blank=True,
        editable=False,
    )
    answer_due = models.DateField(_("antwoord uiterlijk"), null=True, blank=True, editable=False)
    extended_until = models.DateField(_("verlengd tot"), null=True, blank=True, editable=False)

    # Meldcode (LEGAL.md M2): the employee a suspicion is about never sees this dossier.
    concerned_employee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("betrokken medewerker (meldcode)"),
    )
    situation = models.ForeignKey(
        Situation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback",
        verbose_name=_("situatie"),
    )
    report_summary = models.TextField(
        _("omschrijving voor het jaarverslag (zonder namen)"), blank=True
    )
    report_handling = models.TextField(
        _("afhandeling voor het jaarverslag (zonder namen)"), blank=True
    )

    satisfaction = models.PositiveSmallIntegerField(_("tevredenheid (1-5)"), null=True, blank=True)
    satisfaction_comment = models.TextField(_("toelichting tevredenheid"), blank=True)
    anonymised_at = models.DateTimeField(
        _("geanonimiseerd op"), null=True, blank=True, editable=False
    )

    objects = ChangeSignallingQuerySet.as_manager()  # core/changes.py: cached

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("klantreactie")
        verbose_name_plural = _("klantreacties")
        indexes = [
            models.Index(fields=["status", "answer_due"]),
            models.Index(fields=["received_at"]),
            models.Index(fields=["location", "received_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(satisfaction__isnull=True)
                | models.Q(satisfaction__gte=1, satisfaction__lte=5),
                name="feedback_satisfaction_1_to_5",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="closed") | models.Q(closed_at__isnull=False),
                name="feedback_closed_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(is_anonymous=False)
                | models.Q(kind="signal", kind_by_parent="signal", submitter_name=""),
                name="feedback_anonymous_is_nameless_signal",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def due(self):
        """The date the answer is due now: the extension when there is one."""
        return self.extended_until or self.answer_due

    @property
    def is_open(self) -> bool:
        return self.status != Status.CLOSED

    @property
    def rekinded(self) -> bool:
        """Registered as another kind than the parent chose (LEGAL.md R6)."""
        return bool(self.kind_by_parent) and self.kind_by_parent != self.kind


def counts_as_complaint(via: str = "") -> models.Q:
    """A klantreactie the report counts as a complaint: registered as one, or called one by
    the parent, whatever route it took (LEGAL.md R6); never an anonymous signal, which is no
    complaint under Wko 1.57b or Jeugdwet 4.2.1. `via` reaches the dossier from a related
    model ("feedback__")."""
    return (
        models.Q(**{f"{via}kind": Kind.COMPLAINT})
        | models.Q(**{f"{via}kind_by_parent": Kind.COMPLAINT})
    ) & models.Q(**{f"{via}is_anonymous": False})


class ParentLink(models.Model):
    """A private link to the parent's status page. Only the token's hash is stored; every
    mail that carries a link gets a fresh token, so no token has to be kept readable."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("privélink")
        verbose_name_plural = _("privélinks")

    def __str__(self) -> str:
        return f"link {self.pk}"


class Event(models.Model):
    """One entry of a dossier's timeline. Append-only: rows are never changed or deleted."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("ontvangen")
        REGISTERED = "registered", _("geregistreerd")
        ASSIGNED = "assigned", _("behandelaar toegewezen")
        CONTACT = "contact", _("contact")
        NOTE = "note", _("interne notitie")
        MESSAGE = "message", _("bericht aan ouder")
        PARENT_INFO = "parent_info", _("aanvulling van ouder")
        EXTENDED = "extended", _("termijn verlengd")
        JUDGED = "judged", _("oordeel")
        CLOSED = "closed", _("afgesloten")
        REOPENED = "reopened", _("heropend")
        WITHDRAWN = "withdrawn", _("ingetrokken")
        MELDCODE = "meldcode", _("meldcoderoute")
        SITUATION = "situation", _("gekoppeld aan situatie")
        ESCALATION = "escalation", _("escalatie")
        DOCUMENT = "document", _("document")
        RATED = "rated", _("beoordeling door ouder")
        CHANGED = "changed", _("gegevens gewijzigd")
        FOLLOWUP = "followup", _("antwoord ouder over maatregel")

    # Entries the parent wrote themselves: visible to them, but not news *to* them (H2).
    FROM_PARENT = frozenset({Kind.PARENT_INFO, Kind.RATED, Kind.FOLLOWUP})

    class ContactChannel(models.TextChoices):
        PHONE = "phone", _("telefoon")
        MEETING = "meeting", _("gesprek")
        EMAIL = "email", _("e-mail")

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("tijdstip"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("door"),
    )
    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices)
    from_status = models.CharField(_("van"), max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(_("naar"), max_length=12, choices=Status.choices, blank=True)
    text = models.TextField(_("tekst"), blank=True)
    visible_to_parent = models.BooleanField(_("zichtbaar voor ouder"), default=False)
    contact_channel = models.CharField(
        _("contactvorm"), max_length=10, choices=ContactChannel.choices, blank=True
    )
    contact_on = models.DateField(_("datum contact"), null=True, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("gebeurtenis")
        verbose_name_plural = _("tijdlijn")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.at:%d-%m-%Y})"

    @classmethod
    def to_parent(cls, via: str = "") -> models.Q:
        """Events that told the parent something: shown to them and not their own (H2)."""
        return models.Q(**{f"{via}visible_to_parent": True}) & ~models.Q(
            **{f"{via}kind__in": cls.FROM_PARENT}
        )


class Document(models.Model):
    """A file in the dossier: an attachment of the parent, or a letter we generated."""

    class Kind(models.TextChoices):
        ATTACHMENT = "attachment", _("bijlage")
        ACKNOWLEDGEMENT = "acknowledgement", _("ontvangstbevestiging")
        JUDGMENT = "judgment", _("oordeel")
        EXTENSION = "extension", _("verlengingsbrief")
        MEASURES_LETTER = "measures_letter", _("brief maatregelen na oordeel commissie")

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("soort"), max_length=16, choices=Kind.choices)
    file = models.FileField(_("bestand"), upload_to="dossiers/%Y/")
    filename = models.CharField(_("bestandsnaam"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("grootte"))
    created_at = models.DateTimeField(_("toegevoegd op"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    visible_to_parent = models.BooleanField(_("zichtbaar voor ouder"), default=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documenten")

    def __str__(self) -> str:
        return self.filename


class Judgment(models.Model):
    """The written, reasoned judgment (LEGAL.md H3, H4)."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="judgments")
    outcome = models.CharField(_("oordeel"), max_length=16, choices=Outcome.choices)
    reasoning = models.TextField(_("motivering"))
    no_measures_reason = models.TextField(
        _("waarom geen maatregelen"),
        blank=True,
        help_text=_("Verplicht als er geen maatregelen zijn."),
    )
    by_committee = models.BooleanField(_("oordeel van de klachtencommissie"), default=False)
    decided_on = models.DateField(_("datum oordeel"))
    # Jeugdwet 4.2.1 lid 5: the measures are told within a month of the committee's judgment.
    measures_due = models.DateField(_("maatregelen melden uiterlijk"), null=True, blank=True)
    # When the complainant and the committee were told in writing which measures follow.
    measures_told_at = models.DateTimeField(
        _("maatregelen gemeld op"), null=True, blank=True, editable=False
    )
    sent_at = models.DateTimeField(_("verzonden op"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["decided_on", "pk"]
        verbose_name = _("oordeel")
        verbose_name_plural = _("oordelen")

    def __str__(self) -> str:
        return self.get_outcome_display()


class ParentAnswer(models.TextChoices):
    """The parent's answer to "Is dit gebeurd?" about a measure."""

    YES = "yes", _("ja")
    NO = "no", _("nee")


class Measure(models.Model):
    """An agreed measure with an owner and a concrete due date (LEGAL.md H4)."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="measures")
    judgment = models.ForeignKey(
        Judgment, on_delete=models.SET_NULL, null=True, blank=True, related_name="measures"
    )
    description = models.TextField(_("maatregel"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="measures",
        verbose_name=_("eigenaar"),
    )
    due_date = models.DateField(_("klaar uiterlijk"))
    done_at = models.DateField(_("klaar op"), null=True, blank=True)
    # Issue 16: after it is done (or its date has passed) the parent is asked "Is dit gebeurd?";
    # their answer (yes/no and a comment) may change, the latest counts.
    parent_asked_at = models.DateTimeField(
        _("ouder gevraagd op"), null=True, blank=True, editable=False
    )
    parent_answer = models.CharField(
        _("antwoord ouder"), max_length=3, choices=ParentAnswer.choices, blank=True, editable=False
    )
    parent_comment = models.TextField(_("toelichting ouder"), blank=True, editable=False)
    parent_answered_at = models.DateTimeField(
        _("ouder antwoordde op"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("maatregel")
        verbose_name_plural = _("maatregelen")

    def __str__(self) -> str:
        return f"{self.feedback.reference}: {self.description[:40]}"


class Improvement(models.Model):
    """An organisation-wide improvement, perhaps with the client panel's advice."""

    title = models.CharField(_("verbetering"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    feedback = models.ManyToManyField(
        Feedback, related_name="improvements", blank=True, verbose_name=_("klantreacties")
    )
    decided_on = models.DateField(_("besloten op"))
    done_on = models.DateField(_("gerealiseerd op"), null=True, blank=True)
    client_panel_asked = models.BooleanField(_("klantpanel om advies gevraagd"), default=False)
    client_panel_advice = models.TextField(_("advies klantpanel"), blank=True)

    class Meta:
        ordering = ["-decided_on"]
        verbose_name = _("organisatiebrede verbetering")
        verbose_name_plural = _("organisatiebrede verbeteringen")

    def __str__(self) -> str:
        return self.title


class Escalation(models.Model):
    """A step outside the organisation: complaints desk, committee, disputes body, …"""

    class Body(models.TextChoices):
        KLACHTENLOKET = "klachtenloket", _("Klachtenloket Kinderopvang")
        GESCHILLENCOMMISSIE = "geschillencommissie", _("Geschillencommissie Kinderopvang")
        COMMITTEE = "committee", _("klachtencommissie (Jeugdwet)")
        CONFIDENTIAL_ADVISER = "adviser", _("vertrouwenspersoon (AKJ)")
        IGJ = "igj", _("Inspectie Gezondheidszorg en Jeugd")
        COMPLAINTS_OFFICER = "officer", _("klachtenfunctionaris (Wkkgz)")
        WKKGZ_DISPUTES = "wkkgz_disputes", _("geschilleninstantie (Wkkgz)")

    class Result(models.TextChoices):
        WELL_FOUNDED = "well_founded", _("gegrond")
        PARTLY_FOUNDED = "partly_founded", _("ten dele gegrond")
        UNFOUNDED = "unfounded", _("ongegrond")
        SETTLED = "settled", _("geschikt of bemiddeld")
        WITHDRAWN = "withdrawn", _("ingetrokken")
        OTHER = "other", _("anders")

    DISPUTE_BODIES = frozenset({Body.GESCHILLENCOMMISSIE, Body.WKKGZ_DISPUTES})

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="escalations")
    body = models.CharField(_("instantie"), max_length=20, choices=Body.choices)
    started_on = models.DateField(_("begonnen op"))
    ended_on = models.DateField(_("afgerond op"), null=True, blank=True)
    result = models.CharField(_("uitkomst"), max_length=16, choices=Result.choices, blank=True)
    is_binding = models.BooleanField(_("bindende uitspraak"), default=False)
    summary = models.TextField(_("samenvatting (zonder namen)"), blank=True)

    class Meta:
        ordering = ["started_on", "pk"]
        verbose_name = _("escalatie of geschil")
        verbose_name_plural = _("escalaties en geschillen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="escalation_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_body_display()} ({self.started_on:%d-%m-%Y})"

    @property
    def is_dispute(self) -> bool:
        return self.body in self.DISPUTE_BODIES

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


class Regulation(models.Model):
    """A dated version of the organisation's complaints regulation (LEGAL.md H8).

    Published (on the public page) only through `regulation_publish`, which checks that each
    body the organisation's services need has given its advice (Wko 1.60) or consent
    (Jeugdwet 4.2.1 lid 6); each body's answer is its own `RegulationAdvice`.
    """

    version = models.CharField(_("versie"), max_length=20)
    in_force_from = models.DateField(_("geldig vanaf"), unique=True)
    text = models.TextField(_("tekst (Markdown)"))
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("gepubliceerd door"),
    )

    objects = ChangeSignallingQuerySet.as_manager()  # core/changes.py: cached

    class Meta:
        ordering = ["-in_force_from"]
        verbose_name = _("klachtenregeling")
        verbose_name_plural = _("klachtenregeling (versies)")

    def __str__(self) -> str:
        return f"{self.version} ({self.in_force_from:%d-%m-%Y})"


class RegulationAdvice(models.Model):
    """One body's advice on, or consent to, a regulation version (LEGAL.md H8)."""

    class Kind(models.TextChoices):
        ADVICE = "advice", _("advies (Wet kinderopvang)")
        CONSENT = "consent", _("instemming (Jeugdwet)")

    class Body(models.TextChoices):
        PARENT_COMMITTEE = "oudercommissie", _("oudercommissie")
        CLIENT_PANEL = "klantpanel", _("klantpanel (centrale oudercommissie)")
        CLIENT_COUNCIL = "clientenraad", _("cliëntenraad")

    regulation = models.ForeignKey(Regulation, on_delete=models.CASCADE, related_name="advices")
    kind = models.CharField(_("advies of instemming"), max_length=10, choices=Kind.choices)
    body = models.CharField(_("gegeven door"), max_length=20, choices=Body.choices)
    on = models.DateField(_("datum"))
    text = models.TextField(_("advies of toelichting"), blank=True)

    class Meta:
        ordering = ["on", "pk"]
        verbose_name = _("advies of instemming")
        verbose_name_plural = _("adviezen en instemmingen")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_body_display()}"


class MeldcodeStep(models.Model):
    """One recorded step of the meldcode route, with its date, decision and who decided.

    The five steps of the meldcode (Besluit verplichte meldcode art. 2, LEGAL.md M1), and for a
    suspicion about an employee the consultation of the vertrouwensinspecteur and a police
    report (Wko 1.51b-c, Jeugdwet 4.1.8, LEGAL.md M2), or a report to the IGJ (Jeugdwet 4.1.7,
    M3). A step may be recorded again (a new decision); the latest one counts.
    """

    class Step(models.TextChoices):
        SIGNALS = "signals", _("1. Signalen in kaart brengen")
        CONSULT = "consult", _("2. Collegiale consultatie en zo nodig Veilig Thuis raadplegen")
        PARENT_TALK = "parent_talk", _("3. Gesprek met de ouder")
        WEIGH = "weigh", _("4. Wegen met het afwegingskader")
        DECIDE = "decide", _("5. Beslissen: melden bij Veilig Thuis en/of hulp organiseren")
        INSPECTOR = "inspector", _("Overleg met de vertrouwensinspecteur (direct)")
        POLICE = "police", _("Aangifte bij de politie (bij een redelijk vermoeden)")
        IGJ = "igj", _("Melding aan de Inspectie Gezondheidszorg en Jeugd")

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="meldcode_steps")
    step = models.CharField(_("stap"), max_length=12, choices=Step.choices)
    at = models.DateTimeField(_("datum en tijd"))
    decision = models.TextField(_("besluit of uitkomst"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("door"),
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("meldcodestap")
        verbose_name_plural = _("meldcodestappen")

    def __str__(self) -> str:
        return self.get_step_display()


class FullViewGrant(models.Model):
    """The quality lead lets one manager read one dossier in full, for a while, with a reason.

    Management reads dossiers without the parent's and the children's personal data
    (`access.sees_personal_data`, AVG art. 5(1)(c)); a manager who needs the whole dossier asks
    the quality lead, who grants it here. The grant and every full view are in the access log.
    """

    feedback = models.ForeignKey(
        Feedback, on_delete=models.CASCADE, related_name="full_view_grants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="full_view_grants",
        verbose_name=_("medewerker"),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gegeven door"),
    )
    reason = models.CharField(_("reden"), max_length=300)
    granted_at = models.DateTimeField(_("gegeven op"))
    until = models.DateField(_("geldig tot en met"))

    class Meta:
        verbose_name = _("volledige inzage")
        verbose_name_plural = _("volledige inzage")
        indexes = [models.Index(fields=["user", "feedback"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.feedback_id} t/m {self.until:%d-%m-%Y}"
