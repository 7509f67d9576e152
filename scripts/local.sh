#!/usr/bin/env bash
# The main job: the whole system on the local AWS emulator.
#   scripts/local.sh run     everything below in one go: up, demo, then follow the demo fleet's
#                            lifecycles live (snaplife status --watch); Ctrl-C stops and cleans up
#   scripts/local.sh up      install and start moto, provision, create the demo fleet, build and
#                            start all five services
#   scripts/local.sh status  health of each service
#   scripts/local.sh restart SERVICE   restart one service (after editing config/SERVICE.yaml)
#   scripts/local.sh down    stop the services and the emulator, drop the demo databases
#   scripts/local.sh demo    request a backup run and an archive run of the demo fleet
#   scripts/local.sh notifications   print what the info and alerts topics send, as it arrives
#   scripts/local.sh cli ... the emulator's command line (provision, demo-fleet, notifications);
#                            runs by hand, schedules and DLQs are scripts/snaplife's
# MOTO_PORT (default 4566) moves the emulator; SNAPLIFE_ENVIRONMENT names the environment.
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
  # archive-service runs pg_dump / mariadb-dump and checks them at start-up; the servers hold what
  # a local archive policy dumps.
  "$SNAPLIFE_ROOT/scripts/databases.sh" install
  "$SNAPLIFE_ROOT/scripts/databases.sh" start
  log "building (./mvnw package, tests skipped; scripts/test.sh runs them)"
  (cd "$SNAPLIFE_ROOT" && ./mvnw -B -q -DskipTests -Dspotless.check.skip=true package)
  aws_env
  log "provisioning environment '$SNAPLIFE_ENVIRONMENT' from the routing table"
  cli provision "$SNAPLIFE_ENVIRONMENT"
  log "creating the demo fleet and the archive demo's databases"
  seed_demo_fleet
  for entry in "${SERVICES[@]}"; do
    start_service "${entry%%:*}" "${entry##*:}"
  done
  for entry in "${SERVICES[@]}"; do
    wait_for_health "${entry%%:*}" "${entry##*:}"
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
  if port_in_use "$port"; then
    die "port $port is in use by another process, not a $name started here; stop it and run $0 up again"
  fi
  # config/<service>.yaml, when present, adds to and overrides the packaged configuration (a new
  # backup policy, say) without a rebuild.
  export SPRING_CONFIG_ADDITIONAL_LOCATION="optional:file:$SNAPLIFE_ROOT/config/$name.yaml"
  export SPRING_PROFILES_ACTIVE="${SPRING_PROFILES_ACTIVE:-local}"
  "$SNAPLIFE_ROOT/scripts/service.sh" prepare "$name"
  log "starting $name on port $port"
  SERVER_PORT="$port" nohup "$SNAPLIFE_ROOT/scripts/service.sh" run "$name" \
    >"$SNAPLIFE_STATE/logs/$name.log" 2>&1 &
  echo $! >"$pidfile"
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Healthy means UP and listening on this environment's queue for that service: any other server
# answering on the port does not count.
wait_for_health() {
  local name="$1" port="$2" i body
  for ((i = 0; i < 480; i++)); do
    body=$(curl -fsS --max-time 2 "http://127.0.0.1:$port/actuator/health" 2>/dev/null || true)
    if grep -q "\"queue\":\"$SNAPLIFE_ENVIRONMENT-$name\"" <<<"$body" && grep -q '"status":"UP"' <<<"$body"; then
      return 0
    fi
    pid=$(cat "$SNAPLIFE_STATE/$name.pid" 2>/dev/null || echo)
    [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null && die "$name exited at start; see .local/logs/$name.log"
    sleep 0.25
  done
  die "$name did not become healthy on port $port within 120s; see .local/logs/$name.log"
}

cli() {
  select_jdk
  aws_env
  "$JAVA_HOME/bin/java" -Dslf4j.internal.verbosity=ERROR \
    -jar "$SNAPLIFE_ROOT/local-aws/target/local-aws-$VERSION-exec.jar" "$@"
}

# The demo fleet: RDS instances and clusters on the emulator, and behind the archive policy's two
# the real local databases, whose logins (and the verification logins archive-service checks at
# start-up) go into the emulator's Secrets Manager. Made before the services start.
seed_demo_fleet() {
  # The archive demo's backup login: a fresh password each time, handed only to the two commands
  # that need it (never to the services, never on a command line).
  (
    export SNAPLIFE_DEMO_BACKUP_PASSWORD="demo-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
    export SNAPLIFE_PG_PORT="$PG_PORT" SNAPLIFE_MARIADB_PORT="$MARIADB_PORT" \
      SNAPLIFE_PG_ADMIN_PASSWORD="$PG_ADMIN_PASSWORD" SNAPLIFE_MARIADB_ADMIN_PASSWORD="$MARIADB_ADMIN_PASSWORD"
    "$SNAPLIFE_ROOT/scripts/databases.sh" demo
    cli demo-fleet
  )
}

demo() {
  aws_env
  "$SNAPLIFE_ROOT/scripts/snaplife" backup run production-daily
  "$SNAPLIFE_ROOT/scripts/snaplife" archive run monthly
  log "requested a backup run of policy production-daily and an archive run of policy monthly"
}

# The main job: the system up, the demo requested, and its lifecycles followed live until Ctrl-C,
# which stops everything this started and drops the demo databases.
run() {
  local watcher=""
  # Ctrl-C reaches this shell; the services and the emulator, started in the background, ignore it
  # and are stopped here, in order: the watcher first, so it does not report the emulator going.
  trap 'echo; log "stopping"; [ -z "$watcher" ] || kill "$watcher" 2>/dev/null; down; exit 0' INT TERM
  up
  demo
  aws_env
  "$SNAPLIFE_ROOT/scripts/snaplife" schedules
  log "following the demo fleet's lifecycles (snapshot, share, copies, export, archive, verification); Ctrl-C stops and cleans up"
  "$SNAPLIFE_ROOT/scripts/snaplife" status --watch --limit 2 \
    prod-orders prod-inventory prod-billing prod-ledger staging-orders &
  watcher=$!
  wait "$watcher" || true
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

restart() {
  local wanted="${1:-}" entry pidfile
  for entry in "${SERVICES[@]}"; do
    [ "${entry%%:*}" = "$wanted" ] || continue
    select_jdk
    aws_env
    pidfile="$SNAPLIFE_STATE/$wanted.pid"
    if [ -f "$pidfile" ]; then
      kill "$(cat "$pidfile")" 2>/dev/null || true
      while kill -0 "$(cat "$pidfile")" 2>/dev/null; do sleep 0.2; done
      rm -f "$pidfile"
    fi
    start_service "$wanted" "${entry##*:}"
    wait_for_health "$wanted" "${entry##*:}"
    log "$wanted restarted"
    return 0
  done
  die "usage: $0 restart SERVICE (one of: ${SERVICES[*]%%:*})"
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
  "$SNAPLIFE_ROOT/scripts/databases.sh" drop-demo 2>/dev/null || true
}

case "${1:-}" in
  run) run ;;
  up) up ;;
  demo) demo ;;
  cli) shift; cli "$@" ;;
  notifications) cli notifications ;;
  status) status ;;
  restart) shift; restart "$@" ;;
  down) down ;;
  *) echo "usage: $0 run|up|status|restart SERVICE|down|demo|notifications|cli ..." >&2; exit 2 ;;
esac
