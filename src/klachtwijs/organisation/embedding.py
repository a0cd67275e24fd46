"""Which other websites may show the public form in a frame (issue 16): the organisation's own
site and parent app. Everything else gets `frame-ancestors 'none'` (CONTENT_SECURITY_POLICY).

The origins are typed by the administrator on the organisation settings page, one per line; this
module is the one place that reads and checks them, so the form and the header never disagree.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

NOT_AN_ORIGIN = "Dit is geen websiteadres zoals https://www.voorbeeld.nl: %(value)s"


def origin_normalise(value: str) -> str:
    """`https://Www.Example.nl/` -> `https://www.example.nl`; ValidationError for anything
    that is not a plain http(s) origin (no path, query, user or wildcard)."""
    text = value.strip()
    parts = urlsplit(text)
    try:
        port = parts.port
    except ValueError:
        port = None
        parts = parts._replace(netloc="")
    valid = (
        parts.scheme in ("https", "http")
        and parts.hostname
        and "*" not in text
        and not parts.username
        and parts.path in ("", "/")
        and not parts.query
        and not parts.fragment
    )
    if not valid:
        raise ValidationError(gettext(NOT_AN_ORIGIN) % {"value": text})
    return f"{parts.scheme}://{parts.hostname}" + (f":{port}" if port else "")


def origins_parse(text: str) -> list[str]:
    """The origins of the settings field, one per line, normalised and without duplicates."""
    origins: list[str] = []
    for line in text.splitlines():
        if line.strip():
            origin = origin_normalise(line)
            if origin not in origins:
                origins.append(origin)
    return origins


def frame_ancestors() -> list[str]:
    """The CSP `frame-ancestors` sources of the embeddable form: the allowed origins, or
    `'none'` when there are none (or the stored text is somehow not valid)."""
    from klachtwijs.organisation.selectors import organisation_get

    try:
        origins = origins_parse(organisation_get().embed_origins)
    except ValidationError:
        origins = []
    return origins or ["'none'"]
