"""Per location an A4 poster with a QR code of the form, that location preselected (issue 16).
Printed from the back office's location page; rendered like the letters (WeasyPrint, the
restricted URL fetcher of `feedback.letters.html_pdf`)."""

import base64

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from klachtwijs.feedback.letters import html_pdf
from klachtwijs.intake.selectors import location_slug
from klachtwijs.organisation.models import Location
from klachtwijs.organisation.selectors import organisation_get


def location_form_url(location: Location) -> str:
    """The absolute link to the form with `location` preselected (`?locatie=<slug>`)."""
    return f"{settings.SITE_URL}{reverse('intake:feedback_new')}?locatie={location_slug(location)}"


def _qr_data_uri(url: str) -> str:
    """The QR code as a PNG data: URI (a raster image: any printer, any PDF reader)."""
    png = segno.make(url, error="m").png_data_uri(scale=10, border=4)
    assert png.startswith("data:image/png;base64,")
    base64.b64decode(png.split(",", 1)[1], validate=True)  # fail loudly, never a broken image
    return png


def poster_pdf(location: Location) -> bytes:
    """The A4 poster of `location` as PDF bytes."""
    url = location_form_url(location)
    html = render_to_string(
        "intake/poster.html",
        {
            "organisation": organisation_get(),
            "location": location,
            "url": url,
            "qr": _qr_data_uri(url),
        },
    )
    return html_pdf(html)
