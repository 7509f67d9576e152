#!/usr/bin/env bash
# The main job: the whole system on the local AWS emulator.
#   scripts/local.sh up      install and start moto, provision, build and start all five services
#   scripts/local.sh status  health of each service
#   scripts/local.sh down    stop the services and the emulator
#   scripts/local.sh demo    create a small demo fleet and request a backup run of it
#   scripts/local.sh cli ... the operator command line (request-backup POLICY [--dry-run] ...)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SERVICES=(snapshot-service:8081 replication-service:8082 export-service:8083 archive-service:8084 notifier-service:8085)
VERSION=0.1.0-SNAPSHOT
export SNAPLIFE_ENVIRONMENT="${SNAPLIFE_ENVIRONMENT:-snaplife}"

# The emulator's account and dummy credentials; the SDK reads AWS_ENDPOINT_URL itself.
aws_env() {
  export AWS_ENDPOINT_URL="$MOTO_URL" AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
}

up() {
  select_jdk
  "$SNAPLIFE_ROOT/scripts/moto.sh" start
  log "building (./mvnw package, tests skipped; scripts/test.sh runs them)"
  (cd "$SNAPLIFE_ROOT" && ./mvnw -B -q -DskipTests -Dspotless.check.skip=true package)
  aws_env
  log "provisioning environment '$SNAPLIFE_ENVIRONMENT' from the routing table"
  cli provision "$SNAPLIFE_ENVIRONMENT"
  for entry in "${SERVICES[@]}"; do
    start_service "${entry%%:*}" "${entry##*:}"
  done
  for entry in "${SERVICES[@]}"; do
    wait_for_url "http://127.0.0.1:${entry##*:}/actuator/health" 120 "${entry%%:*}"
  done
  status
  log "all five services are up; logs in .local/logs/, stop with scripts/local.sh down"
}

start_service() {
  local name="$1" port="$2" pidfile="$SNAPLIFE_STATE/$1.pid"
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    log "$name already running (pid $(cat "$pidfile"))"
    return 0
  fi
  log "starting $name on port $port"
  SPRING_PROFILES_ACTIVE="${SPRING_PROFILES_ACTIVE:-local}" SERVER_PORT="$port" nohup "$JAVA_HOME/bin/java" -Xmx256m \
    -jar "$SNAPLIFE_ROOT/$name/target/$name-$VERSION.jar" \
    >"$SNAPLIFE_STATE/logs/$name.log" 2>&1 &
  echo $! >"$pidfile"
}

cli() {
  select_jdk
  aws_env
  "$JAVA_HOME/bin/java" -Dslf4j.internal.verbosity=ERROR \
    -jar "$SNAPLIFE_ROOT/local-aws/target/local-aws-$VERSION-exec.jar" "$@"
}

demo() {
  cli demo-fleet
  cli request-backup production-daily
  log "requested a run of policy production-daily; notifications go to the SNS topics, logs to .local/logs/"
}

status() {
  local entry name port health
  for entry in "${SERVICES[@]}"; do
    name="${entry%%:*}" port="${entry##*:}"
    # The overall status is the last "status" of the health document.
    health=$(curl -fsS --max-time 2 "http://127.0.0.1:$port/actuator/health" 2>/dev/null \
      | grep -o '"status":"[A-Z_]*"' | tail -1 | cut -d'"' -f4 || true)
    printf '%-20s http://127.0.0.1:%s  %s\n' "$name" "$port" "${health:-DOWN}"
  done
  "$SNAPLIFE_ROOT/scripts/moto.sh" status || true
}

down() {
  local entry pidfile
  for entry in "${SERVICES[@]}"; do
    pidfile="$SNAPLIFE_STATE/${entry%%:*}.pid"
    if [ -f "$pidfile" ]; then
      kill "$(cat "$pidfile")" 2>/dev/null || true
      rm -f "$pidfile"
      log "stopped ${entry%%:*}"
    fi
  done
  "$SNAPLIFE_ROOT/scripts/moto.sh" stop
}

case "${1:-}" in
  up) up ;;
  demo) demo ;;
  cli) shift; cli "$@" ;;
  status) status ;;
  down) down ;;
  *) echo "usage: $0 up|status|down|demo|cli ..." >&2; exit 2 ;;
esac
