"""List the parent's texts that a catalog does not translate yet (run by `make messages`).

    .venv/bin/python scripts/untranslated.py [LOCALE ...]

Compiles the catalogs first. Exit status 1 when anything is missing, so the list is seen;
tests/test_parent_catalogs.py fails on the same list (docs/i18n.md).
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klachtwijs.settings.test")

import django  # noqa: E402

django.setup()

from tests.parent_texts import PARENT_LOCALES, compile_catalogs, untranslated  # noqa: E402


def main(locales: list[str]) -> int:
    compile_catalogs()
    total = 0
    for locale in locales or PARENT_LOCALES:
        missing = untranslated(locale)
        total += len(missing)
        print(f"{locale}: {len(missing)} parent texts to translate")
        for text in missing:
            context = f" (context {text.context!r})" if text.context else ""
            print(f"  {text.source}: {text.msgid!r}{context}")
    if total:
        print(
            "Fill in these msgstr lines in src/klachtwijs/locale/<locale>/LC_MESSAGES/django.po."
            " An entry marked '#, fuzzy' counts as missing: msgmerge guessed its msgstr from a"
            " similar text; correct it and delete the '#, fuzzy' (and '#|') lines."
        )
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
