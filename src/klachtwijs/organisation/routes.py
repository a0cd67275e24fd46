"""The external routes a parent can take, per legal framework (LEGAL.md table, H7).

One list, reused by the form's side panel, the acknowledgement, the status page and letters.
The framework of the *service* decides (Wko 1.1 lid 2: Jeugdwet care is not childcare).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from klachtwijs.organisation.frameworks import LegalFramework


@dataclass(frozen=True)
class Route:
    body: str  # matches feedback.models.Escalation.Body
    # Lazy texts: the parent's language on their pages and mails, Dutch in letters.
    name: str
    what: str
    url: str = ""


ROUTES: dict[str, tuple[Route, ...]] = {
    # Wet kinderopvang 1.57b-1.57c.
    LegalFramework.WKO: (
        Route(
            "klachtenloket",
            "Klachtenloket Kinderopvang",
            _(
                "Gratis informatie en advies, en hulp om er samen met ons uit te komen "
                "(bemiddeling)."
            ),
            "https://www.klachtenloket-kinderopvang.nl",
        ),
        Route(
            "geschillencommissie",
            "Geschillencommissie Kinderopvang",
            _(
                "Komen we er samen niet uit? Dan kunt u uw klacht hier voorleggen. "
                "De uitspraak is bindend."
            ),
            "https://www.degeschillencommissie.nl",
        ),
    ),
    # Jeugdwet 4.1.9, 4.2.1, 4.2.2.
    LegalFramework.JEUGDWET: (
        Route(
            "adviser",
            _("Vertrouwenspersoon van het AKJ"),
            _("Gratis en onafhankelijk. Helpt u met uw vraag of klacht over jeugdhulp."),
            "https://www.akj.nl",
        ),
        Route(
            "committee",
            _("Onze klachtencommissie"),
            _("Een onafhankelijke commissie van minstens drie leden beoordeelt uw klacht."),
        ),
        Route(
            "igj",
            "Inspectie Gezondheidszorg en Jeugd",
            _("Voor ernstige situaties die vaker voorkomen."),
            "https://www.igj.nl",
        ),
    ),
    # Wkkgz art. 15 and 18.
    LegalFramework.WKKGZ: (
        Route(
            "officer",
            _("Klachtenfunctionaris"),
            _("Gratis advies en hulp bij uw klacht."),
        ),
        Route(
            "wkkgz_disputes",
            _("Geschilleninstantie"),
            _(
                "Komen we er samen niet uit? Een erkende geschilleninstantie doet een "
                "bindende uitspraak."
            ),
        ),
    ),
}


# Wko 1.57c: only an affiliated organisation's parents can go to the Geschillencommissie. When
# the organisation is not affiliated, parents are told so instead of being sent there.
NOT_AFFILIATED = Route(
    "geschillencommissie",
    "Geschillencommissie Kinderopvang",
    _(
        "Wij zijn niet aangesloten bij de Geschillencommissie Kinderopvang. U kunt uw klacht "
        "daar dus niet voorleggen. Het Klachtenloket Kinderopvang kan u wel helpen."
    ),
)


def _affiliated(routes: tuple[Route, ...], member: bool) -> tuple[Route, ...]:
    if member:
        return routes
    return tuple(NOT_AFFILIATED if r.body == "geschillencommissie" else r for r in routes)


def _member() -> bool:
    from klachtwijs.organisation.selectors import organisation_get

    return organisation_get().geschillencommissie_member


def routes_for(framework: str, *, member: bool | None = None) -> tuple[Route, ...]:
    """The routes that fit a service under `framework`; none for an unknown framework.

    `member`: whether the organisation is affiliated with the Geschillencommissie Kinderopvang
    (Wko 1.57c); read from the organisation when not given. When it is not, the parent texts
    (acknowledgement, judgment letter, status page) say so and do not send them there (H7).
    """
    routes = ROUTES.get(framework, ())
    if framework != LegalFramework.WKO:
        return routes
    return _affiliated(routes, _member() if member is None else member)


AUDIENCE = {
    LegalFramework.WKO: _("Kinderopvang (dagopvang, buitenschoolse opvang)"),
    LegalFramework.JEUGDWET: _("Jeugdhulp (bijvoorbeeld een ontwikkelarrangement)"),
    LegalFramework.WKKGZ: _("Zorg"),
}


def routes_all() -> list[tuple[str, str, tuple[Route, ...]]]:
    """Every framework with its routes, for display: (who it is for, law, routes)."""
    member = _member()
    return [
        (AUDIENCE[key], LegalFramework(key).label, routes_for(key, member=member)) for key in ROUTES
    ]


# The confidential adviser (vertrouwenspersoon), addressed to the parent ("u"). Under the Jeugdwet
# that is the AKJ (4.1.9), which `routes_for` already names; for childcare the AKJ is not the
# parent's adviser, so it is never named there (issue 16).
ADVISER_DEFAULT = (
    "Wilt u advies van iemand die niet bij de behandeling betrokken is? Vraag ons naar de "
    "vertrouwenspersoon."
)


def adviser_text(framework: str, *, organisation=None) -> str:
    """What the parent is told about a confidential adviser for a service under `framework`:
    the organisation's own text (written to the parent) when there is one, else a default
    sentence; for the Jeugdwet nothing here, as the AKJ is among the routes (H7)."""
    if framework == LegalFramework.JEUGDWET:
        return ""
    if organisation is None:
        from klachtwijs.organisation.selectors import organisation_get

        organisation = organisation_get()
    return organisation.confidential_adviser.strip() or ADVISER_DEFAULT


def parent_help(framework: str) -> tuple[tuple[Route, ...], str]:
    """THE answer to "where else can this parent go": the external routes of the service's
    framework (`routes_for`) and the confidential-adviser text (`adviser_text`), from one read
    of the organisation. The status page asks this (LEGAL.md H7)."""
    from klachtwijs.organisation.selectors import organisation_get

    organisation = organisation_get()
    routes = routes_for(framework, member=organisation.geschillencommissie_member)
    return routes, adviser_text(framework, organisation=organisation)
