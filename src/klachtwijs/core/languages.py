"""The parents' languages: which page speaks which language, and the switch.

Dutch (`settings.LANGUAGE_CODE`) is the organisation's language: staff pages, the admin, the
API, letters, stored texts and the annual report are Dutch. The parent's pages (everything
outside `DUTCH_ONLY_PATHS`) speak the parent's language, chosen in this order:

1. `?lang=xx` in the address (the visible switch, or a link on a poster); remembered in the
   language cookie (`settings.LANGUAGE_COOKIE_NAME`),
2. that cookie,
3. the browser's `Accept-Language`,
4. Dutch.

See docs/i18n.md.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

# The query parameter of the switch: `?lang=ar`.
LANGUAGE_PARAM = "lang"
# Pages for the organisation's own people: always Dutch, whatever the browser asks.
DUTCH_ONLY_PATHS = ("/staff/", "/admin/", "/api/")


def parent_languages() -> list[tuple[str, str]]:
    """(code, the language's own name) of every language a parent can choose."""
    return list(settings.LANGUAGES)


def is_parent_language(code: str | None) -> bool:
    return bool(code) and code in dict(settings.LANGUAGES)


def is_dutch_only(path: str) -> bool:
    return path.startswith(DUTCH_ONLY_PATHS)


@contextmanager
def organisation_language() -> Iterator[None]:
    """Render or store something in the organisation's language (Dutch), whatever the page
    that caused it speaks: a letter, a timeline text, a mail to staff."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


def in_dutch(text: object) -> str:
    """`text` (e.g. a lazy label) as Dutch text, for texts that are stored."""
    with organisation_language():
        return str(text)


class ParentLanguageMiddleware:
    """Replaces Django's LocaleMiddleware: the parent's pages in the parent's language, the
    staff side in Dutch. A `?lang=` choice is remembered in the language cookie."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = None
        if is_dutch_only(request.path_info):
            language = settings.LANGUAGE_CODE
        else:
            chosen = request.GET.get(LANGUAGE_PARAM)
            if not is_parent_language(chosen):
                chosen = None
            language = chosen or translation.get_language_from_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        if chosen and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != chosen:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                chosen,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        if not is_dutch_only(request.path_info):
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response
