#!/usr/bin/env bash
# Installs the Debian packages Klachtwijs needs and that are missing: PostgreSQL (tests),
# Chromium + chromedriver (browser tests), gettext (compilemessages), fonts and WeasyPrint's
# libraries (PDF letters), Dovecot's IMAP server (mail-in tests), and podman, runc,
# podman-compose and mmdebstrap (the container image and its stack test). Idempotent and quiet when everything is already there.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive

missing=()

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
    missing+=(postgresql)
fi
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
[ -x /usr/sbin/dovecot ] || missing+=(dovecot-imapd)
command -v podman >/dev/null 2>&1 || missing+=(podman)
command -v runc >/dev/null 2>&1 || missing+=(runc)
command -v podman-compose >/dev/null 2>&1 || missing+=(podman-compose)
command -v mmdebstrap >/dev/null 2>&1 || missing+=(mmdebstrap)
# pdftoppm prints the location poster to an image so its test decodes the QR code as printed.
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)

# Packages checked through dpkg: present when their status is "install ok installed".
for pkg in fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo -n env DEBIAN_FRONTEND=noninteractive)
else
    echo "install-system-deps: missing ${missing[*]}; run this script as root (no sudo found)" >&2
    exit 1
fi

echo "install-system-deps: installing ${missing[*]}" >&2
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
