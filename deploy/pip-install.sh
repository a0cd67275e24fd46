#!/bin/sh
# pip inside the image build, reaching the package index as the host's pip does: the host's CA
# bundle (the build secret `ca-bundle`, never stored in a layer) and the index settings passed
# as build arguments (empty ones are dropped: pip refuses an empty index URL).
set -eu
if [ -f /run/secrets/ca-bundle ]; then
    export PIP_CERT=/run/secrets/ca-bundle SSL_CERT_FILE=/run/secrets/ca-bundle
fi
[ -n "${PIP_INDEX_URL:-}" ] || unset PIP_INDEX_URL
[ -n "${PIP_EXTRA_INDEX_URL:-}" ] || unset PIP_EXTRA_INDEX_URL
[ -n "${PIP_FIND_LINKS:-}" ] || unset PIP_FIND_LINKS
exec /opt/klachtwijs/venv/bin/pip install --quiet --no-cache-dir --disable-pip-version-check \
    --default-timeout 120 "$@"
