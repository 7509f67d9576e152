#!/usr/bin/env bash
# Runs one Snaplife service as it is deployed: from its extracted jar, with the JVM options of
# scripts/service-jvm.options and, on a JDK with an ahead-of-time cache (25+), a cache trained on
# this very build (start-up in about a third of the time).
#   scripts/service.sh prepare SERVICE [ARGS]  extract the jar and train the cache, if the build
#                                              changed; the training builds the context once, so
#                                              the service's environment (AWS_*, SNAPLIFE_*, ARGS)
#                                              must be reachable
#   scripts/service.sh run SERVICE [ARGS]      replace this shell with the service's JVM
# ARGS are the service's own (--snaplife.environment=...).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

VERSION=0.1.0-SNAPSHOT
OPTIONS="$SNAPLIFE_ROOT/scripts/service-jvm.options"

usage() { die "usage: $0 prepare|run SERVICE [ARGS...]"; }

[ $# -ge 2 ] || usage
command="$1" name="$2"
shift 2
select_jdk
jar="$SNAPLIFE_ROOT/$name/target/$name-$VERSION-exec.jar"
run_dir="$SNAPLIFE_ROOT/$name/target/run"
cache="$run_dir/$name.aot"
[ -f "$jar" ] || die "$jar is missing; build it first (./mvnw -DskipTests package)"
# glibc's per-thread malloc arenas cost tens of MB in a JVM; two suffice.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"

aot_supported() {
  local version
  version=$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ {print $2}')
  [ "${version%%.*}" -ge 25 ] 2>/dev/null
}

prepare() {
  local stamp="$run_dir/build.sha256" digest
  digest="$(sha256sum "$jar" | cut -d' ' -f1) $(sha256sum "$OPTIONS" | cut -d' ' -f1) $JAVA_HOME"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$digest" ] && { [ -f "$cache" ] || ! aot_supported; }; then
    return 0
  fi
  rm -rf "$run_dir"
  "$JAVA_HOME/bin/java" -Djarmode=tools -jar "$jar" extract --destination "$run_dir" >/dev/null
  if aot_supported; then
    log "training $name's ahead-of-time cache (once per build)"
    # spring.context.exit=onRefresh: build every bean, start nothing (no listener, no port), exit.
    if ! SERVER_PORT=0 "$JAVA_HOME/bin/java" "@$OPTIONS" -XX:AOTCacheOutput="$cache" \
      -Dspring.context.exit=onRefresh -jar "$run_dir/$(basename "$jar")" "$@" \
      >"$run_dir/aot-training.log" 2>&1 || [ ! -f "$cache" ]; then
      log "WARNING: $name's cache training failed (see $run_dir/aot-training.log); it starts without"
      rm -f "$cache"
    fi
  fi
  echo "$digest" >"$stamp"
}

run() {
  [ -f "$run_dir/$(basename "$jar")" ] || prepare "$@"
  local aot=()
  [ -f "$cache" ] && aot=(-XX:AOTCache="$cache")
  exec "$JAVA_HOME/bin/java" "@$OPTIONS" "${aot[@]}" -jar "$run_dir/$(basename "$jar")" "$@"
}

case "$command" in
  prepare) prepare "$@" ;;
  run) run "$@" ;;
  *) usage ;;
esac
