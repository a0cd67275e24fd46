"""Web workers stay small: the URL configuration must not pull in the heavy libraries."""

import os
import subprocess
import sys

HEAVY = ("matplotlib", "numpy", "openpyxl", "weasyprint", "docx")
SCRIPT = (
    "import django; django.setup(); import klachtwijs.urls, sys; "
    f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
)


def test_url_configuration_does_not_import_heavy_libraries():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "klachtwijs.settings.base"}
    result = subprocess.run(  # noqa: S603 - fixed command, our own interpreter
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stderr
