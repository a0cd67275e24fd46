"""The interface is translatable (issue 2): Dutch is the source language, the parent's side
also comes in the parents' languages (issue 16, tests/intake/test_parent_languages.py).

Every visible word of an interface template goes through gettext; a catalog turns the public
form into its language; the staff side stays Dutch throughout, Django's own messages included.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

import klachtwijs
from klachtwijs.feedback.tokens import link_new
from tests.factories import FeedbackFactory

PACKAGE = Path(klachtwijs.__file__).resolve().parent

# Legal documents in the organisation's language: Dutch only, on purpose (docs/i18n.md).
DUTCH_ONLY_DOCUMENTS = {
    "reports/templates/reports/_body.html",
    "reports/templates/reports/document.html",
    "reports/templates/reports/evidence_document.html",  # the inspector's evidence pack
}
DUTCH_ONLY_FOLDERS = ("feedback/templates/letters/",)
# Names that are not language: the product's own name.
NOT_LANGUAGE = {"Klachtwijs"}

_REMOVE = [
    re.compile(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", re.S),
    re.compile(r"\{#.*?#\}", re.S),
    # Text inside blocktranslate is translated: drop the whole block.
    re.compile(r"\{%\s*blocktrans(?:late)?\b.*?\{%\s*endblocktrans(?:late)?\s*%\}", re.S),
    re.compile(r"<script\b.*?</script>", re.S | re.I),
    re.compile(r"<style\b.*?</style>", re.S | re.I),
    re.compile(r"<code\b.*?</code>", re.S | re.I),
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r"\{%.*?%\}", re.S),
    re.compile(r"\{\{.*?\}\}", re.S),
    re.compile(r"<[^>]*>", re.S),
    re.compile(r"&[a-zA-Z]+;|&#\d+;"),
]
_TEMPLATE_CODE = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.S)
_ATTRIBUTE = re.compile(r"""\b(aria-label|title|placeholder|alt)\s*=\s*("[^"]*"|'[^']*')""", re.I)
# A literal with letters as a filter argument, e.g. |default:"nog niet gekozen" (use _("…")).
_FILTER_LITERAL = re.compile(r"""\|\s*(default|default_if_none|pluralize)\s*:\s*("[^"]*")""")
_LETTER = re.compile(r"[^\W\d_]")


def untranslated(source: str) -> list[str]:
    """The snippets of a template's `source` that a visitor sees and gettext never sees."""
    found = []
    for name, literal in _FILTER_LITERAL.findall(source):
        if _LETTER.search(literal):
            found.append(f"|{name}:{literal}")
    text = source
    for pattern in _REMOVE[:2]:  # comments
        text = pattern.sub(" ", text)
    # Attribute values must be template code only: replace the code, look for letters.
    for attribute, value in _ATTRIBUTE.findall(_TEMPLATE_CODE.sub("", text)):
        if _LETTER.search(value):
            found.append(f"{attribute}={value}")
    for pattern in _REMOVE[2:]:
        text = pattern.sub("\n", text)
    for chunk in text.split("\n"):
        words = [word for word in chunk.split() if word not in NOT_LANGUAGE]
        if any(_LETTER.search(word) for word in words):
            found.append(" ".join(chunk.split()))
    return found


def interface_templates() -> list[Path]:
    """Every HTML template of the package (Django's and Jinja2's) except the Dutch-only legal
    documents."""
    return sorted(
        path
        for folder in ("templates", "jinja2")
        for path in PACKAGE.rglob(f"{folder}/**/*.html")
        if (relative := path.relative_to(PACKAGE).as_posix()) not in DUTCH_ONLY_DOCUMENTS
        and not relative.startswith(DUTCH_ONLY_FOLDERS)
    )


def test_every_visible_word_of_the_interface_goes_through_gettext():
    offending = {
        path.relative_to(PACKAGE).as_posix(): snippets
        for path in interface_templates()
        if (snippets := untranslated(path.read_text(encoding="utf-8")))
    }
    assert not offending, "Text outside {% translate %} / {% blocktranslate %}:\n" + "\n".join(
        f"{name}: {snippet!r}" for name, snippets in offending.items() for snippet in snippets
    )


def test_the_scan_covers_the_interface_and_leaves_the_documents_alone():
    names = {path.relative_to(PACKAGE).as_posix() for path in interface_templates()}
    assert "intake/templates/intake/form.html" in names
    assert "intake/templates/staff/submit.html" in names
    assert "templates/503.html" in names
    assert "feedback/jinja2/backoffice/dossier.html" in names
    assert not names & DUTCH_ONLY_DOCUMENTS
    assert not any(name.startswith(DUTCH_ONLY_FOLDERS) for name in names)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("<p>Hallo {{ name }}</p>", ["Hallo"]),
        ('<nav aria-label="Hoofdmenu">', ['aria-label="Hoofdmenu"']),
        ('<img alt="Logo" src="x.png">', ['alt="Logo"']),
        ('{{ handler|default:"nog niet toegewezen" }}', ['|default:"nog niet toegewezen"']),
        ("{% if a %}ja{% endif %}", ["ja"]),
        ("<p>Klachtwijs</p>", []),
        ('<p>{% translate "Hallo" %}</p>', []),
        ('<nav aria-label="{% translate "Hoofdmenu" %}">', []),
        ("{% blocktranslate trimmed with n=x %}Hallo {{ n }}{% endblocktranslate %}", []),
        ('{{ handler|default:_("nog niet toegewezen") }}', []),
        ("{# Hallo #}{% comment %}Hallo{% endcomment %}<!-- Hallo -->", []),
        ("<script>let hallo;</script><style>p { color: red; }</style><code>Bearer</code>", []),
        ("<td>–</td><td>{{ n }}%</td>&rsaquo;", []),
    ],
)
def test_the_scan_finds_literal_text(source, expected):
    assert untranslated(source) == expected


LOGIN = "/staff/account/inloggen/"  # its form uses Django's own "required" message


def _compile_catalog(folder: Path, entries: dict[str, str]) -> None:
    messages = folder / "en" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    po = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', ""]
    for msgid, msgstr in entries.items():
        po += [f'msgid "{msgid}"', f'msgstr "{msgstr}"', ""]
    (messages / "django.po").write_text("\n".join(po), encoding="utf-8")
    subprocess.run(  # noqa: S603 - fixed arguments, our own file
        [shutil.which("msgfmt") or "msgfmt", "-o", messages / "django.mo", messages / "django.po"],
        check=True,
    )


@pytest.mark.django_db
@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext is not installed (make deps)")
def test_a_catalog_turns_the_public_form_into_its_language(client, location, tmp_path):
    _compile_catalog(tmp_path, {"Vertel ons wat er is gebeurd": "Tell us what happened"})
    with override_settings(LOCALE_PATHS=[tmp_path]):
        english = client.get("/klantreactie/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        dutch = client.get("/klantreactie/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert '<h1 class="utrecht-heading-1">Tell us what happened</h1>' in english
    assert '<html lang="en" dir="ltr">' in english
    # Untranslated text falls back to the Dutch source.
    assert "Controleer mijn bericht" in english
    assert '<h1 class="utrecht-heading-1">Vertel ons wat er is gebeurd</h1>' in dutch


@pytest.mark.django_db
def test_staff_pages_are_dutch_for_an_english_browser(client):
    """The staff side is the organisation's: Dutch, Django's own messages included
    (core/languages.py); only the parent's pages follow the browser."""
    page = client.post(LOGIN, {"username": ""}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="nl" dir="ltr">' in page
    assert "Dit veld is vereist." in page
    assert "This field is required." not in page


@pytest.mark.django_db
def test_the_parent_side_also_translates_the_python_side(client, location):
    """A form's label and error (intake/forms.py) and a status text (a lazy constant in
    intake/views.py) come out of the same catalog as the templates."""
    refused = client.post(
        "/klantreactie/", {"description": ""}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Write down what happened." in refused
    assert "Schrijf op wat er is gebeurd." not in refused
    feedback = FeedbackFactory(location=location)
    token = link_new(feedback)
    status = client.get(
        token.removeprefix(settings.SITE_URL), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "The quality department will look at it as soon as possible." in status
