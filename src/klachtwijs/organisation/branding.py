"""The organisation's house style on every page: its colour and logo (issue 18, ADR 0011).

The colour is one `#rrggbb` value that white text must be readable on (WCAG 2.1 1.4.3: a
contrast ratio of at least 4.5:1), because the theme puts white text on it (the page header,
primary buttons) and uses it as the colour of links on white. The page links a tiny style
sheet, `/huisstijl/<version>.css`, that sets `--klachtwijs-brand`; the content security
policy stays `style-src 'self'` (no inline styles). Its version changes with the colour and the
logo, so it is cached for a year.
"""

import hashlib
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DEFAULT_COLOUR = "#0b5394"
MIN_CONTRAST = 4.5
HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def _luminance(colour: str) -> float:
    """The relative luminance of a `#rrggbb` colour (WCAG 2.1, definition)."""
    channels = []
    for i in (1, 3, 5):
        c = int(colour[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(colour: str, other: str = "#ffffff") -> float:
    """The WCAG contrast ratio of two `#rrggbb` colours, from 1 to 21."""
    light, dark = sorted((_luminance(colour), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def validate_brand_colour(value: str) -> None:
    """A `#rrggbb` colour that white text is readable on (≥ 4.5:1, WCAG 2.1 1.4.3)."""
    if not HEX.match(value or ""):
        raise ValidationError(
            _("Schrijf de kleur als # met zes tekens 0-9 of a-f, bijvoorbeeld #0b5394."),
            code="format",
        )
    ratio = contrast_ratio(value)
    if ratio < MIN_CONTRAST:
        raise ValidationError(
            _(
                "Witte tekst is op deze kleur slecht te lezen (contrast %(ratio)s : 1, minstens "
                "4,5 : 1 nodig). Kies een donkerdere kleur."
            ),
            code="contrast",
            params={"ratio": f"{ratio:.1f}".replace(".", ",")},
        )


def brand_version(organisation) -> str:
    """Changes whenever the colour or the logo changes: part of the style sheet's URL."""
    logo = organisation.letterhead_logo.name if organisation.letterhead_logo else ""
    key = f"{organisation.brand_colour}|{logo}"
    return hashlib.sha256(key.encode()).hexdigest()[:12]


def brand_css(organisation) -> str:
    """The per-organisation style sheet: only the colour token (theme.css does the rest)."""
    colour = organisation.brand_colour if HEX.match(organisation.brand_colour or "") else ""
    return f":root {{ --klachtwijs-brand: {(colour or DEFAULT_COLOUR).lower()}; }}\n"
