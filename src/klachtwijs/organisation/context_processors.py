from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse


def site(request: HttpRequest) -> dict[str, object]:
    """The organisation's name, the site URL and its house style (branding.py) for every
    template: `brand_css_url` (always) and `brand_logo_url` ("" without a logo)."""
    from klachtwijs.organisation.branding import brand_version
    from klachtwijs.organisation.selectors import organisation_get

    organisation = organisation_get()
    version = brand_version(organisation)
    logo = reverse("branding:logo", args=[version]) if organisation.letterhead_logo else ""
    return {
        "organisation": organisation,
        "SITE_URL": settings.SITE_URL,
        "brand_css_url": reverse("branding:stylesheet", args=[version]),
        "brand_logo_url": logo,
    }
