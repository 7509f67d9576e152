#!/usr/bin/env bash
# The local AWS emulator: a pinned moto[server] in the project's own virtualenv, on loopback.
#   scripts/moto.sh install | start | stop | status | reset
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PIDFILE="$SNAPLIFE_STATE/moto.pid"
REQUIREMENTS="$SNAPLIFE_ROOT/local-aws/emulator/requirements.txt"
CONSTRAINTS="$SNAPLIFE_ROOT/local-aws/emulator/constraints.txt"

install() {
  local stamp="$SNAPLIFE_VENV/.snaplife-installed"
  if [ -f "$stamp" ] && cmp -s "$stamp" <(cat "$REQUIREMENTS" "$CONSTRAINTS"); then
    return 0
  fi
  command -v python3 >/dev/null || die "python3 is needed for the emulator (apt-get install python3 python3-venv)"
  log "installing $(cat "$REQUIREMENTS") into $SNAPLIFE_VENV"
  if ! python3 -m venv "$SNAPLIFE_VENV" 2>/dev/null; then
    # Debian splits venv out of python3; install it when we may, else say how.
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      log "installing python3-venv"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
      python3 -m venv "$SNAPLIFE_VENV" || die "python3 -m venv failed"
    else
      die "python3 -m venv failed (apt-get install python3-venv)"
    fi
  fi
  "$SNAPLIFE_VENV/bin/pip" install --quiet -r "$REQUIREMENTS" -c "$CONSTRAINTS"
  cat "$REQUIREMENTS" "$CONSTRAINTS" > "$stamp"
}

# Something answers HTTP on the port (moto's data.json grows with its state and gets slow).
running() {
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$MOTO_URL/moto-api/lib.js" 2>/dev/null)
  [ -n "$code" ] && [ "$code" != "000" ]
}

# What answers is our launcher (it says so at /moto-api/snaplife/info), not another server.
ours() {
  curl -fsS --max-time 2 "$MOTO_URL/moto-api/snaplife/info" 2>/dev/null | grep -q '"snaplife-moto"'
}

start() {
  install
  if running; then
    ours || die "something other than Snaplife's emulator answers at $MOTO_URL; stop it, or use another port: MOTO_PORT=4577 $0 start (and the same MOTO_PORT for scripts/local.sh)"
    log "emulator already answering at $MOTO_URL"
    return 0
  fi
  log "starting moto at $MOTO_URL (log: .local/logs/moto.log)"
  # Credentials are moto's dummies; no real AWS account is reachable from here.
  nohup "$SNAPLIFE_VENV/bin/python" "$SNAPLIFE_ROOT/local-aws/emulator/snaplife_moto.py" -H "$MOTO_HOST" -p "$MOTO_PORT" \
    >"$SNAPLIFE_STATE/logs/moto.log" 2>&1 &
  echo $! >"$PIDFILE"
  local i
  for ((i = 0; i < 240; i++)); do
    ours && return 0
    kill -0 "$(cat "$PIDFILE")" 2>/dev/null || die "moto exited at start; see .local/logs/moto.log"
    sleep 0.25
  done
  die "moto did not answer at $MOTO_URL within 60s"
}

stop() {
  if [ -f "$PIDFILE" ]; then
    local pid i
    pid="$(cat "$PIDFILE")"
    kill "$pid" 2>/dev/null || true
    # Wait for the port to be free, so a start right after does not race the old process.
    for ((i = 0; i < 40; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.25
    done
    rm -f "$PIDFILE"
    log "emulator stopped"
  fi
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  status) ours && echo "moto answering at $MOTO_URL" || { echo "moto not running at $MOTO_URL"; exit 1; } ;;
  reset) curl -fsS -X POST "$MOTO_URL/moto-api/reset" >/dev/null && log "emulator state reset" ;;
  *) echo "usage: $0 install|start|stop|status|reset" >&2; exit 2 ;;
esac
