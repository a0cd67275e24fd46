"""Every text a parent reads has a translation in each of the parents' catalogs, and every
mail to a parent has a translated version (docs/i18n.md). Generated from the sources: a new
string in a parent template or module fails here until `make messages` and its translation."""

import ast
import shutil

import pytest

from tests.parent_texts import PACKAGE, PARENT_LOCALES, Text, parent_texts, untranslated

pytestmark = pytest.mark.skipif(
    shutil.which("msgfmt") is None, reason="gettext is not installed (make deps)"
)
TRANSLATED_MAILS = PACKAGE / "notifications" / "templates" / "notifications" / "mail" / "translated"


@pytest.mark.parametrize("locale", PARENT_LOCALES)
def test_every_parent_text_is_translated(locale):
    missing = untranslated(locale)
    assert not missing, f"{len(missing)} parent texts without a {locale} translation " + (
        "(make messages, then translate):\n"
        + "\n".join(f"{text.source}: {text.msgid!r}" for text in missing)
    )


def test_the_scan_finds_the_parents_texts():
    found = {(text.msgid, text.source) for text in parent_texts()}
    assert ("Vertel ons wat er is gebeurd", "intake/templates/intake/form.html") in found
    assert ("Kies uw taal", "templates/includes/language_switch.html") in found
    assert ("Schrijf op wat er is gebeurd.", "intake/forms.py") in found
    assert ("in behandeling", "feedback/models.py") in found  # a status the parent sees
    closing = "notifications/templates/notifications/mail/translated/_closing.txt"
    assert ("Met vriendelijke groet,", closing) in found
    assert not any(text.msgid == "Contact vastleggen" for text in parent_texts())  # staff only


def test_a_text_missing_from_a_catalog_is_reported():
    new = Text("Een zin die nog niemand vertaalde.", "", "intake/templates/intake/form.html")
    assert untranslated("ar", [new]) == [new]


def _parent_loops(tree: ast.AST) -> set[int]:
    """The ids of the calls inside `for … in access.parent_recipients(…)` loops (the mails
    the core sends the parent when it allows: closed, the measure follow-up)."""
    return {
        id(call)
        for loop in ast.walk(tree)
        if isinstance(loop, ast.For) and "parent_recipients" in ast.unparse(loop.iter)
        for statement in loop.body
        for call in ast.walk(statement)
        if isinstance(call, ast.Call)
    }


def _parent_mail_kinds() -> set[str]:
    """The kinds of every mail queued to the parent's address (`to=…submitter_email`, or in
    a loop over `access.parent_recipients`), and the `mail=` kinds handed to helpers that do
    so (the letters)."""
    kinds = set()
    for path in PACKAGE.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        if "submitter_email" not in source and "parent_recipients" not in source:
            continue
        tree = ast.parse(source)
        to_parent_loops = _parent_loops(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            keywords = {k.arg: k.value for k in node.keywords}
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            to, kind = keywords.get("to"), keywords.get("kind")
            to_parent = id(node) in to_parent_loops or (
                to is not None and "submitter_email" in ast.unparse(to)
            )
            if name == "message_queue" and to_parent and isinstance(kind, ast.Constant):
                kinds.add(kind.value)
            if isinstance(keywords.get("mail"), ast.Constant):
                kinds.add(keywords["mail"].value)
    return kinds


def test_every_mail_to_a_parent_has_a_translated_version():
    kinds = _parent_mail_kinds()
    assert {"acknowledgement", "message", "link_resend", "judgment", "extension"} <= kinds
    assert {"closed", "measure_followup"} <= kinds
    missing = sorted(
        kind
        for kind in kinds
        if not (TRANSLATED_MAILS / f"{kind}.txt").exists()
        or not (TRANSLATED_MAILS / f"{kind}.subject.txt").exists()
    )
    assert not missing, (
        "Mails to parents without a translated version in notifications/mail/translated/ "
        f"(docs/i18n.md): {missing}"
    )
