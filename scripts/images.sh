#!/usr/bin/env bash
# Snaplife's container images as tars, without a Docker engine (as root: debootstrap and chroot):
#   scripts/images.sh          the base and emulator tars, then the five services' (Maven -Pimages)
#   scripts/images.sh base     only target/images/base.tar and target/images/emulator.tar
# Outputs: <service>/target/jib-image.tar (snaplife/<service>:<version>) and
# target/images/emulator.tar (snaplife/emulator:<version>); `docker load -i <tar>` reads them.
# The Debian root filesystems are cached in ~/.cache/snaplife/images (SNAPLIFE_IMAGE_CACHE), keyed
# by their inputs; extra arguments go to Maven.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SERVICES=snapshot-service,replication-service,export-service,archive-service,notifier-service

select_jdk
cd "$SNAPLIFE_ROOT"

if ! command -v debootstrap >/dev/null; then
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null || die "debootstrap is needed (apt-get install debootstrap)"
  log "installing debootstrap"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null 2>&1 \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
fi

# build.py fetches the emulator's wheels with pip for Python 3.11 (bookworm's python3): the project's
# virtualenv has that Python.
"$SNAPLIFE_ROOT/scripts/moto.sh" install
PYTHON="$SNAPLIFE_VENV/bin/python"

# The two root filesystems are independent (and mostly wait on the network): built side by side.
"$PYTHON" images/build.py base &
base_pid=$!
"$PYTHON" images/build.py emulator &
emulator_pid=$!
base_rc=0 emulator_rc=0
wait "$base_pid" || base_rc=$?
wait "$emulator_pid" || emulator_rc=$?
[ "$base_rc" = 0 ] || die "the base image failed (exit $base_rc)"
[ "$emulator_rc" = 0 ] || die "the emulator image failed (exit $emulator_rc)"

if [ "${1:-}" = base ]; then
  exit 0
fi
# local-aws too: compose.yaml's provisioning step runs its runnable jar.
./mvnw -B -Pimages -DskipTests -pl "$SERVICES,local-aws" -am package "$@"
for service in ${SERVICES//,/ }; do
  log "$service/target/jib-image.tar ($(du -m "$service/target/jib-image.tar" | cut -f1) MB)"
done
log "emulator: target/images/emulator.tar ($(du -m target/images/emulator.tar | cut -f1) MB)"
