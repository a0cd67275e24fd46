"""Every text a parent reads, taken from the sources themselves, and whether each of the
parents' catalogs translates it (docs/i18n.md).

Used by tests/test_parent_languages.py (fails on any text without a translation) and by
`make messages` (scripts/untranslated.py lists them). The texts come from the templates and
Python modules below, not from the catalogs, so a new string is found even before
`make messages` has put it in the catalogs.
"""

import ast
import gettext as gettext_module
import re
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation.template import templatize

import klachtwijs

PACKAGE = Path(klachtwijs.__file__).resolve().parent
LOCALE = PACKAGE / "locale"
# The parents' languages besides Dutch, the source language (settings.LANGUAGES).
PARENT_LOCALES = ("en", "ar", "tr", "pl", "uk")

# The templates of the parent's side: the public pages, the shared layout and includes they
# use, the error pages, and the parent's mails in their languages.
PARENT_TEMPLATES = (
    "intake/templates/intake/**/*.html",
    "templates/base.html",
    "templates/[0-9]*.html",
    "templates/errors/*.html",
    "templates/includes/*.html",
    "notifications/templates/notifications/mail/translated/*.txt",
)
# Python modules whose texts reach the parent (labels, errors, statuses); for models.py only
# the choices a parent sees.
PARENT_MODULES: dict[str, tuple[str, ...] | None] = {
    "intake/forms.py": None,
    "intake/views.py": None,
    "intake/uploads.py": None,
    "intake/services.py": None,
    "intake/followup.py": None,
    "feedback/minors.py": None,
    "feedback/parent_texts.py": None,
    "feedback/services/followup.py": None,
    "feedback/services/parent.py": None,
    "organisation/routes.py": None,
    "organisation/frameworks.py": None,
    "feedback/models.py": (
        "Kind",
        "Status",
        "ContactPreference",
        "SubmitterRole",
        "AgeBand",
        "Outcome",
        "Event.Kind",
        "Document.Kind",
        "ParentAnswer",
    ),
}

_CALL = re.compile(
    r"\b(gettext|pgettext|ngettext|npgettext)\(((?:\s*u?'(?:[^'\\]|\\.)*'\s*,?)+)", re.S
)
_LITERAL = re.compile(r"u?('(?:[^'\\]|\\.)*')")
_GETTEXT_NAMES = {
    "_": 0,
    "gettext": 0,
    "gettext_lazy": 0,
    "gettext_noop": 0,
    "ngettext": 0,
    "ngettext_lazy": 0,
    "pgettext": 1,
    "pgettext_lazy": 1,
}


@dataclass(frozen=True, order=True)
class Text:
    msgid: str
    context: str = ""
    source: str = ""


def _template_texts(path: Path, source: str) -> list[Text]:
    texts = []
    for name, args in _CALL.findall(templatize(path.read_text(encoding="utf-8"))):
        literals = [ast.literal_eval(lit) for lit in _LITERAL.findall(args)]
        if name.startswith("p"):
            texts.append(Text(literals[1], literals[0], source))
        else:
            texts.append(Text(literals[0], "", source))
    return texts


class _Collector(ast.NodeVisitor):
    def __init__(self, source: str, classes: tuple[str, ...] | None):
        self.source, self.classes, self.scope, self.texts = source, classes, [], []

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.scope.append(node.name)
        self.generic_visit(node)
        self.scope.pop()

    def visit_Call(self, node: ast.Call) -> None:
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        wanted = self.classes is None or ".".join(self.scope) in self.classes
        if name in _GETTEXT_NAMES and wanted:
            index = _GETTEXT_NAMES[name]
            args = [a.value for a in node.args if isinstance(a, ast.Constant)]
            if len(args) > index and all(isinstance(a, str) for a in args[: index + 1]):
                context = args[0] if index else ""
                self.texts.append(Text(args[index], context, self.source))
        self.generic_visit(node)


def parent_texts() -> list[Text]:
    """Every msgid a parent can read, with where it comes from (sorted, one per source)."""
    texts = set()
    for pattern in PARENT_TEMPLATES:
        for path in PACKAGE.glob(pattern):
            relative = path.relative_to(PACKAGE).as_posix()
            texts.update(_template_texts(path, relative))
    for module, classes in PARENT_MODULES.items():
        collector = _Collector(module, classes)
        collector.visit(ast.parse((PACKAGE / module).read_text(encoding="utf-8")))
        texts.update(collector.texts)
    return sorted(texts)


def catalog(locale: str) -> dict[str, str]:
    """The translated entries of `locale`'s compiled catalog (contexts as 'ctx\\x04msgid')."""
    mo = LOCALE / locale / "LC_MESSAGES" / "django.mo"
    with mo.open("rb") as handle:
        translations = gettext_module.GNUTranslations(handle)
    return {
        (key[0] if isinstance(key, tuple) else key): value
        for key, value in translations._catalog.items()
        if key and value
    }


def untranslated(locale: str, texts: list[Text] | None = None) -> list[Text]:
    """The parent's texts that `locale`'s catalog does not translate."""
    entries = catalog(locale)
    missing = []
    for text in parent_texts() if texts is None else texts:
        key = f"{text.context}\x04{text.msgid}" if text.context else text.msgid
        if key not in entries:
            missing.append(text)
    return missing


def compile_catalogs() -> None:
    """Compile each catalog whose .po is newer than its .mo (msgfmt, as compilemessages),
    written beside it under a temporary name first so parallel test runs never read half a
    file. The .mo files are not in git (docs/i18n.md)."""
    import os
    import shutil
    import subprocess
    import tempfile

    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return
    for po in LOCALE.glob("*/LC_MESSAGES/django.po"):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        handle, temporary = tempfile.mkstemp(dir=po.parent, suffix=".mo-tmp")
        os.close(handle)
        subprocess.run([msgfmt, "--check-format", "-o", temporary, str(po)], check=True)  # noqa: S603
        os.replace(temporary, mo)
