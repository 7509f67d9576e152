# Shared by the project's scripts: paths, the JDK, and small helpers. Source it, don't run it.
SNAPLIFE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SNAPLIFE_STATE="$SNAPLIFE_ROOT/.local"
SNAPLIFE_VENV="$SNAPLIFE_ROOT/.venv"
MOTO_HOST="${MOTO_HOST:-127.0.0.1}"
MOTO_PORT="${MOTO_PORT:-4566}"
MOTO_URL="http://$MOTO_HOST:$MOTO_PORT"
mkdir -p "$SNAPLIFE_STATE/logs"
# The local PostgreSQL and MariaDB (scripts/databases.sh). Local test credentials only, on loopback:
# never a production secret. Override with the environment.
PG_PORT="${SNAPLIFE_PG_PORT:-5432}"
PG_ADMIN_PASSWORD="${SNAPLIFE_PG_ADMIN_PASSWORD:-snaplife-local-admin}"
MARIADB_PORT="${SNAPLIFE_MARIADB_PORT:-3306}"
MARIADB_ADMIN_PASSWORD="${SNAPLIFE_MARIADB_ADMIN_PASSWORD:-snaplife-local-admin}"
ADMIN=snaplife_admin

log() { printf '[snaplife] %s\n' "$*" >&2; }
die() { printf '[snaplife] ERROR: %s\n' "$*" >&2; exit 1; }

# Picks a JDK >= 21: JAVA_HOME if it is one, else the newest under /usr/lib/jvm. The machine's
# default java may be older, so nothing here trusts PATH.
select_jdk() {
  local candidate version
  for candidate in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    candidate="${candidate%/}"
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
    version=$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 \
      | awk -F'= ' '/java.specification.version/ {print $2}')
    if [ "${version%%.*}" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  die "no JDK 21 or newer found (set JAVA_HOME, or install one under /usr/lib/jvm)"
}

# Waits until a URL answers, or fails after the given number of seconds.
wait_for_url() {
  local url="$1" seconds="$2" what="$3" i
  for ((i = 0; i < seconds * 4; i++)); do
    curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null && return 0
    sleep 0.25
  done
  die "$what did not answer at $url within ${seconds}s"
}
