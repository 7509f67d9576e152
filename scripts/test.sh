#!/usr/bin/env bash
# The whole test suite, bringing up what it needs: a JDK >= 21, the pinned moto emulator,
# PostgreSQL and MariaDB (scripts/databases.sh), then
# unit tests, integration tests against the emulator, and the formatter check (./mvnw verify).
# A full run (no arguments) also builds the container image tars (scripts/images.sh base before
# Maven, Jib in Maven's package phase with -Pimages) and checks them and compose.yaml
# (images/test_images.py). Extra arguments go to Maven (for example -pl contracts); such a partial
# run leaves the images out, and says so.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

select_jdk
log "using $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"

"$SNAPLIFE_ROOT/scripts/moto.sh" install
if [ -z "${AWS_ENDPOINT_URL:-}" ]; then
  started_here=false
  if ! "$SNAPLIFE_ROOT/scripts/moto.sh" status >/dev/null 2>&1; then
    started_here=true
  fi
  "$SNAPLIFE_ROOT/scripts/moto.sh" start
  if [ "$started_here" = true ]; then
    trap '"$SNAPLIFE_ROOT/scripts/moto.sh" stop' EXIT
  fi
else
  log "testing against AWS_ENDPOINT_URL=$AWS_ENDPOINT_URL"
fi

# The archive tests dump and restore real PostgreSQL and MariaDB servers (system services; left up).
"$SNAPLIFE_ROOT/scripts/databases.sh" install
"$SNAPLIFE_ROOT/scripts/databases.sh" start

cd "$SNAPLIFE_ROOT"
log "emulator launcher tests"
"$SNAPLIFE_VENV/bin/python" -m unittest discover -s local-aws/emulator -p 'test_*.py'
if [ $# -eq 0 ]; then
  # The base and emulator image tars (cached by their inputs in ~/.cache/snaplife/images; from
  # nothing, about two minutes), then the services' tars in Maven's package phase.
  "$SNAPLIFE_ROOT/scripts/images.sh" base
  ./mvnw -B verify -Pimages
  log "image and compose.yaml tests"
  "$SNAPLIFE_VENV/bin/python" -m unittest discover -s images -p 'test_*.py'
else
  log "partial run ($*): the container images are neither built nor checked"
  ./mvnw -B verify "$@"
fi
