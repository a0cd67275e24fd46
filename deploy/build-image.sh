#!/usr/bin/env bash
# Builds the Klachtwijs container images from Debian packages only (no registry pulls):
#   1. a Debian bookworm base made with mmdebstrap and `podman import`ed, cached by a hash of
#      its package list (a second build reuses it; --refresh-base makes it anew, e.g. for
#      security updates);
#   2. the application image (deploy/Containerfile): the project installed with pip;
#   3. the PostgreSQL image (deploy/Containerfile.postgres): the same base with postgresql.
# Usage: deploy/build-image.sh [--refresh-base]
# Environment: CONTAINER_ENGINE (podman, the default; docker with BuildKit also works),
# KLACHTWIJS_IMAGE, KLACHTWIJS_DB_IMAGE (image names), DEBIAN_MIRROR,
# DEBIAN_SECURITY_MIRROR, CA_BUNDLE (the host's CA bundle, given to pip inside the build),
# PIP_INDEX_URL / PIP_EXTRA_INDEX_URL / PIP_FIND_LINKS (default: the host's pip config).
set -euo pipefail

cd "$(dirname "$0")/.."
export CONTAINERS_CONF=${CONTAINERS_CONF:-$PWD/deploy/containers.conf}
ENGINE=${CONTAINER_ENGINE:-podman}

IMAGE=${KLACHTWIJS_IMAGE:-localhost/klachtwijs:latest}
DB_IMAGE=${KLACHTWIJS_DB_IMAGE:-localhost/klachtwijs-postgres:latest}
SUITE=bookworm
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
SECURITY_MIRROR=${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
CA_BUNDLE=${CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}
# What the application needs from Debian: Python, WeasyPrint's libraries and a font, gettext
# (compilemessages), the PostgreSQL client (pg_isready, pg_dump for backups), time zones.
PACKAGES=(
    ca-certificates python3 python3-venv
    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core
    gettext postgresql-client tzdata
)
refresh=false
[ "${1:-}" = "--refresh-base" ] && refresh=true

log() { printf 'build-image: %s\n' "$*" >&2; }

# --- 1. the base ---------------------------------------------------------------------------
base_hash=$(printf '%s\n' "$SUITE" "$MIRROR" "$SECURITY_MIRROR" minbase "${PACKAGES[@]}" |
    sha256sum | cut -c1-16)
BASE_IMAGE=localhost/klachtwijs-base:$base_hash
if $refresh || ! "$ENGINE" image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
    log "making the Debian $SUITE base $BASE_IMAGE with mmdebstrap"
    workdir=$(mktemp -d "${TMPDIR:-/tmp}/klachtwijs-base.XXXXXX")
    trap 'rm -rf "$workdir"' EXIT
    include=$(IFS=,; echo "${PACKAGES[*]}")
    mmdebstrap --quiet --variant=minbase --include="$include" \
        --dpkgopt='path-exclude=/usr/share/man/*' \
        --dpkgopt='path-exclude=/usr/share/doc/*' \
        --dpkgopt='path-include=/usr/share/doc/*/copyright' \
        --dpkgopt='path-exclude=/usr/share/locale/*' \
        "$SUITE" "$workdir/base.tar" \
        "deb $MIRROR $SUITE main" \
        "deb $MIRROR $SUITE-updates main" \
        "deb $SECURITY_MIRROR $SUITE-security main"
    "$ENGINE" import \
        --change 'ENV LANG=C.UTF-8' --change 'CMD ["/bin/bash"]' \
        "$workdir/base.tar" "$BASE_IMAGE" >/dev/null
    rm -rf "$workdir"
    trap - EXIT
else
    log "reusing the base $BASE_IMAGE"
fi

# --- 2. the application image --------------------------------------------------------------
# pip inside the build reaches the package index as pip on this host does: the host's CA
# bundle comes in as a build secret (never stored in a layer), the index settings as build
# arguments; a local (file://) index or find-links folder is mounted read-only.
host_pip() {
    local py
    for py in python3 .venv/bin/python /work/main/.venv/bin/python; do
        if "$py" -m pip --version >/dev/null 2>&1; then
            "$py" -m pip config get "$1" 2>/dev/null || true
            return
        fi
    done
}
index_url=${PIP_INDEX_URL:-$(host_pip global.index-url)}
extra_index_url=${PIP_EXTRA_INDEX_URL:-$(host_pip global.extra-index-url)}
find_links=${PIP_FIND_LINKS:-$(host_pip global.find-links)}
mounts=()
podman_only=()
[ "$ENGINE" = podman ] && podman_only=(--pull=never)
for location in $index_url $extra_index_url $find_links; do
    dir=${location#file://}
    if [ "$dir" != "$location" ] || [ "${location#/}" != "$location" ]; then
        # The folder of a local index (…/simple) or of find-links: mount it where pip looks.
        root=$dir
        [ "$(basename "$dir")" = simple ] && root=$(dirname "$dir")
        # (podman only: docker build mounts nothing; a local index is then left out)
        [ "$ENGINE" = podman ] && [ -d "$root" ] && mounts+=(--volume "$root:$root:ro")
    fi
done
secret=()
[ -f "$CA_BUNDLE" ] && secret=(--secret "id=ca-bundle,src=$CA_BUNDLE")

dependencies=$(python3 -c 'import tomllib; print(" ".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]))')

# The images this build replaces, removed afterwards unless a container still uses them (so
# rebuilds do not pile up untagged images; the layers the next build reuses stay).
image_id() { "$ENGINE" image inspect --format '{{.Id}}' "$1" 2>/dev/null || true; }
replaced=("$(image_id "$IMAGE")" "$(image_id "$DB_IMAGE")")

log "building $IMAGE from $BASE_IMAGE"
"$ENGINE" build --quiet --network=host "${podman_only[@]}" \
    --file deploy/Containerfile \
    --build-arg "BASE_IMAGE=$BASE_IMAGE" \
    --build-arg "KLACHTWIJS_DEPENDENCIES=$dependencies" \
    --build-arg "PIP_INDEX_URL=$index_url" \
    --build-arg "PIP_EXTRA_INDEX_URL=$extra_index_url" \
    --build-arg "PIP_FIND_LINKS=$find_links" \
    "${secret[@]}" "${mounts[@]}" \
    --tag "$IMAGE" . >/dev/null

# --- 3. PostgreSQL -------------------------------------------------------------------------
log "building $DB_IMAGE from $BASE_IMAGE"
"$ENGINE" build --quiet --network=host "${podman_only[@]}" \
    --file deploy/Containerfile.postgres \
    --build-arg "BASE_IMAGE=$BASE_IMAGE" \
    --tag "$DB_IMAGE" deploy >/dev/null

current=" $(image_id "$IMAGE") $(image_id "$DB_IMAGE") "
for id in "${replaced[@]}"; do
    if [ -n "$id" ] && [ "${current#* "$id" }" = "$current" ]; then
        "$ENGINE" rmi "$id" >/dev/null 2>&1 || true
    fi
done
log "done: $IMAGE and $DB_IMAGE"
