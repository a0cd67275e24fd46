from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    """The organisation's name and the site URL for every template."""
    from klachtwijs.organisation.selectors import organisation_get

    return {"organisation": organisation_get(), "SITE_URL": settings.SITE_URL}
