"""Only the feedback services may assign Feedback.status, in one place (STYLE.md §1)."""

import re
from pathlib import Path

import klachtwijs

PACKAGE = Path(klachtwijs.__file__).parent
ASSIGNMENT = re.compile(r"\.status\s*=(?!=)|update\([^)]*\bstatus\s*=")


def test_status_is_assigned_only_in_services():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts or path.parent == PACKAGE / "feedback" / "services":
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if ASSIGNMENT.search(line) and "status_code" not in line:
                offenders.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert offenders == []


def test_services_assign_status_in_one_place():
    services = PACKAGE / "feedback" / "services"
    assignments = [
        path.name
        for path in services.glob("*.py")
        for _ in re.findall(r"\.status\s*=(?!=)|update\([^)]*\bstatus\s*=", path.read_text())
    ]
    assert assignments == ["_base.py"]
