"""`make nlds`: refresh the vendored NL Design System CSS from the npm registry.

Klachtwijs serves these files itself (no CDN, ADR 0011). Two packages, both EUPL-1.2:

- `@utrecht/component-library-css`: the built CSS of the Utrecht component library (page
  header and footer, form fields, buttons, alerts, tables, badges, ...).
- `@nl-design-system-unstable/voorbeeld-design-tokens`: the NL Design System's example theme,
  the base of every token our own theme (`klachtwijs/theme.css`) does not set.

`@utrecht/design-tokens` is deliberately not vendored: its LICENSE.md says its files are
proprietary assets of Gemeente Utrecht (their house style), not open source.

Versions are pinned below; each tarball is checked against the registry's sha512 integrity
before anything is written. Run it, look at the diff, commit.
"""

# ruff: noqa: S310 - fixed https URLs of the npm registry

from __future__ import annotations

import base64
import hashlib
import io
import json
import sys
import tarfile
import urllib.request
from pathlib import Path

REGISTRY = "https://registry.npmjs.org"
TARGET = Path(__file__).resolve().parent.parent / "src/klachtwijs/static/nlds"

# package -> (version, {file in the tarball: file in TARGET})
PACKAGES: dict[str, tuple[str, dict[str, str]]] = {
    "@utrecht/component-library-css": (
        "9.0.4",
        {
            "package/dist/index.css": "utrecht-component-library.css",
            "package/LICENSE.md": "LICENSE-utrecht-component-library.md",
        },
    ),
    "@nl-design-system-unstable/voorbeeld-design-tokens": (
        "7.4.1",
        {
            "package/dist/theme.css": "voorbeeld-theme.css",
            "package/LICENSE.md": "LICENSE-voorbeeld-design-tokens.md",
        },
    ),
}


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read()


def vendor(name: str, version: str, files: dict[str, str]) -> list[str]:
    meta = json.loads(fetch(f"{REGISTRY}/{name}/{version}"))
    tarball = fetch(meta["dist"]["tarball"])
    algorithm, _, expected = meta["dist"]["integrity"].partition("-")
    actual = base64.b64encode(hashlib.sha512(tarball).digest()).decode()
    if algorithm != "sha512" or actual != expected:
        raise SystemExit(f"{name}@{version}: the tarball does not match the registry's integrity")
    written = []
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        for member, target in files.items():
            extracted = archive.extractfile(member)
            if extracted is None:
                raise SystemExit(f"{name}@{version}: {member} is missing")
            (TARGET / target).write_bytes(extracted.read())
            written.append(target)
    return written


def main() -> int:
    TARGET.mkdir(parents=True, exist_ok=True)
    lines = ["# Vendored by `make nlds` (scripts/vendor-nlds.py); do not edit these files.", ""]
    for name, (version, files) in PACKAGES.items():
        written = vendor(name, version, files)
        lines.append(f"{name}@{version}: {', '.join(written)} (EUPL-1.2)")
        print(f"{name}@{version}: {len(written)} files", file=sys.stderr)
    (TARGET / "VERSIONS.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
