#!/usr/bin/env bash
# The real database servers the archive path is tested against (and the local archive demo dumps):
# PostgreSQL and MariaDB from Debian's packages, started without systemd, each with an admin login
# over TCP on 127.0.0.1 that the tests use to create their databases and backup logins.
#
#   scripts/databases.sh install   apt-get install what is missing (nothing to do when all is there)
#   scripts/databases.sh start     start both servers if needed and ensure the admin logins
#   scripts/databases.sh stop      stop both
#   scripts/databases.sh status    exit 0 only when both accept the admin login
#   scripts/databases.sh demo      the local main job's archive demo: a PostgreSQL and a MariaDB
#                                  database with a few thousand rows and a read-only backup login
#   scripts/databases.sh drop-demo drop them again
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MARIADB_LOG="$SNAPLIFE_STATE/logs/mariadb.log"

packages_missing() {
  local missing=()
  { command -v pg_dump && command -v pg_restore && command -v pg_ctlcluster \
    && ls /usr/lib/postgresql/*/bin/postgres; } >/dev/null 2>&1 || missing+=(postgresql postgresql-client)
  [ -x /usr/sbin/mariadbd ] || missing+=(mariadb-server)
  { command -v mariadb-dump && command -v mariadb && command -v mariadb-admin; } >/dev/null \
    || missing+=(mariadb-client)
  echo "${missing[*]:-}"
}

install() {
  local missing
  missing="$(packages_missing)"
  if [ -z "$missing" ]; then
    log "PostgreSQL and MariaDB are installed"
    return 0
  fi
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null \
    || die "missing Debian packages: $missing (apt-get install them as root)"
  log "installing $missing (Debian packages)"
  apt-get update -qq
  # shellcheck disable=SC2086 # a list of package names
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
}

# The newest installed PostgreSQL major version (Debian's clusters are per version).
pg_version() {
  ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -1
}

pg_up() {
  PGPASSWORD="$PG_ADMIN_PASSWORD" psql -h 127.0.0.1 -p "$PG_PORT" -U "$ADMIN" -d postgres \
    -tAc 'select 1' >/dev/null 2>&1
}

mariadb_up() {
  MYSQL_PWD="$MARIADB_ADMIN_PASSWORD" mariadb --protocol=tcp -h 127.0.0.1 -P "$MARIADB_PORT" \
    -u "$ADMIN" -e 'select 1' >/dev/null 2>&1
}

# The server itself answers (as root, over its Unix socket), whatever the admin login's state.
mariadb_alive() {
  mariadb-admin --protocol=socket -u root ping >/dev/null 2>&1
}

# SQL string literal body: quotes doubled (and, for MariaDB, backslashes too).
pg_quote() { printf '%s' "${1//\'/\'\'}"; }
mariadb_quote() { local s="${1//\\/\\\\}"; printf '%s' "${s//\'/\'\'}"; }

start_postgres() {
  local version pglog i
  version="$(pg_version)"
  [ -n "$version" ] || die "PostgreSQL is not installed: run scripts/databases.sh install"
  pglog="/var/log/postgresql/postgresql-$version-main.log"
  if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main"' | grep -q .; then
    log "creating PostgreSQL $version cluster main"
    pg_createcluster "$version" main >/dev/null
  fi
  if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
    log "starting PostgreSQL $version on 127.0.0.1:$PG_PORT (log: $pglog)"
    pg_conftool -s "$version" main set port "$PG_PORT"
    # pg_ctlcluster runs pg_ctl directly when systemd is not PID 1, as here.
    pg_ctlcluster "$version" main start || die "PostgreSQL did not start; see $pglog"
  fi
  for ((i = 0; i < 120; i++)); do
    pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && break
    sleep 0.25
  done
  pg_isready -q -h 127.0.0.1 -p "$PG_PORT" \
    || die "PostgreSQL does not accept connections on 127.0.0.1:$PG_PORT within 30s; see $pglog"
  runuser -u postgres -- psql -p "$PG_PORT" -v ON_ERROR_STOP=1 -q >/dev/null <<SQL \
    || die "could not create the PostgreSQL login $ADMIN; see $pglog"
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ADMIN') THEN
    CREATE ROLE $ADMIN LOGIN SUPERUSER CREATEDB CREATEROLE;
  END IF;
END \$\$;
ALTER ROLE $ADMIN WITH LOGIN SUPERUSER CREATEDB CREATEROLE PASSWORD '$(pg_quote "$PG_ADMIN_PASSWORD")';
SQL
  # Debian's pg_hba.conf has "host all all 127.0.0.1/32 scram-sha-256"; this proves it still does.
  pg_up || die "PostgreSQL refuses $ADMIN with its password on 127.0.0.1:$PG_PORT; check pg_hba.conf ($(runuser -u postgres -- psql -p "$PG_PORT" -tAc 'show hba_file')) and $pglog"
}

start_mariadb() {
  [ -x /usr/sbin/mariadbd ] || die "MariaDB is not installed: run scripts/databases.sh install"
  local i host user pass
  if ! mariadb_alive; then
    log "starting MariaDB on 127.0.0.1:$MARIADB_PORT (log: $MARIADB_LOG)"
    mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
    [ -d /var/lib/mysql/mysql ] || mariadb-install-db --user=mysql >/dev/null
    # mariadbd itself, in a session of its own: no systemd here, and Debian's init script
    # (mysqld_safe) logs to syslog, which nothing collects. The error log goes to our log file.
    setsid nohup /usr/sbin/mariadbd --user=mysql --port="$MARIADB_PORT" --bind-address=127.0.0.1 \
      >>"$MARIADB_LOG" 2>&1 </dev/null &
    for ((i = 0; i < 120; i++)); do
      mariadb_alive && break
      sleep 0.25
    done
    mariadb_alive || die "MariaDB did not start within 30s; see $MARIADB_LOG"
  fi
  user="$ADMIN" pass="$(mariadb_quote "$MARIADB_ADMIN_PASSWORD")"
  for host in localhost 127.0.0.1 '%'; do
    mariadb --protocol=socket -u root -e "
      CREATE USER IF NOT EXISTS '$user'@'$host' IDENTIFIED BY '$pass';
      ALTER USER '$user'@'$host' IDENTIFIED BY '$pass';
      GRANT ALL PRIVILEGES ON *.* TO '$user'@'$host' WITH GRANT OPTION;" \
      || die "could not create the MariaDB login $user@$host; see $MARIADB_LOG"
  done
  mariadb_up || die "MariaDB refuses $ADMIN with its password on 127.0.0.1:$MARIADB_PORT (is it listening on another port?); see $MARIADB_LOG"
}

stop() {
  local version i
  version="$(pg_version)"
  [ -z "$version" ] || pg_ctlcluster "$version" main stop 2>/dev/null || true
  if mariadb_alive; then
    mariadb-admin --protocol=socket -u root shutdown 2>/dev/null || true
    for ((i = 0; i < 120; i++)); do
      mariadb_alive || break
      sleep 0.25
    done
  fi
  log "databases stopped"
}

status() {
  local down=0
  if pg_up; then echo "PostgreSQL up on 127.0.0.1:$PG_PORT"; else echo "PostgreSQL not running (or refusing $ADMIN) on 127.0.0.1:$PG_PORT"; down=1; fi
  if mariadb_up; then echo "MariaDB up on 127.0.0.1:$MARIADB_PORT"; else echo "MariaDB not running (or refusing $ADMIN) on 127.0.0.1:$MARIADB_PORT"; down=1; fi
  return "$down"
}

# The archive demo's databases and their backup logins (password SNAPLIFE_DEMO_BACKUP_PASSWORD,
# which scripts/local.sh also hands the demo fleet for its secrets). Rebuilt from scratch each time.
DEMO_PG_DB=snaplife_demo_orders
DEMO_MARIADB_DB=snaplife_demo_shop
DEMO_LOGIN=snaplife_demo_backup

demo() {
  local password="${SNAPLIFE_DEMO_BACKUP_PASSWORD:?the demo backup login needs SNAPLIFE_DEMO_BACKUP_PASSWORD}"
  drop_demo
  PGPASSWORD="$PG_ADMIN_PASSWORD" psql -h 127.0.0.1 -p "$PG_PORT" -U "$ADMIN" -d postgres \
    -v ON_ERROR_STOP=1 -q -c "CREATE DATABASE $DEMO_PG_DB" \
    -c "CREATE ROLE $DEMO_LOGIN LOGIN PASSWORD '$(pg_quote "$password")'" >/dev/null
  PGPASSWORD="$PG_ADMIN_PASSWORD" psql -h 127.0.0.1 -p "$PG_PORT" -U "$ADMIN" -d "$DEMO_PG_DB" \
    -v ON_ERROR_STOP=1 -q >/dev/null <<SQL
CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);
INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, 2000) g;
CREATE TABLE orders (id bigint PRIMARY KEY, customer bigint REFERENCES customers, amount numeric(12,2));
INSERT INTO orders SELECT g, g % 2000 + 1, (g % 997) * 1.25 FROM generate_series(1, 20000) g;
GRANT pg_read_all_data TO $DEMO_LOGIN;
SQL
  MYSQL_PWD="$MARIADB_ADMIN_PASSWORD" mariadb --protocol=tcp -h 127.0.0.1 -P "$MARIADB_PORT" \
    -u "$ADMIN" >/dev/null <<SQL
CREATE DATABASE $DEMO_MARIADB_DB;
USE $DEMO_MARIADB_DB;
CREATE TABLE products (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL);
INSERT INTO products SELECT seq, CONCAT('product ', seq) FROM seq_1_to_5000;
CREATE TABLE stock (product BIGINT PRIMARY KEY, quantity INT NOT NULL);
INSERT INTO stock SELECT seq, seq % 50 FROM seq_1_to_5000;
CREATE USER '$DEMO_LOGIN'@'%' IDENTIFIED BY '$(mariadb_quote "$password")';
GRANT SELECT, SHOW VIEW, LOCK TABLES ON $DEMO_MARIADB_DB.* TO '$DEMO_LOGIN'@'%';
SQL
  log "demo databases: PostgreSQL $DEMO_PG_DB and MariaDB $DEMO_MARIADB_DB, backup login $DEMO_LOGIN"
}

drop_demo() {
  PGPASSWORD="$PG_ADMIN_PASSWORD" psql -h 127.0.0.1 -p "$PG_PORT" -U "$ADMIN" -d postgres -q \
    -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DEMO_PG_DB WITH (FORCE)" -c "DROP ROLE IF EXISTS $DEMO_LOGIN" >/dev/null
  MYSQL_PWD="$MARIADB_ADMIN_PASSWORD" mariadb --protocol=tcp -h 127.0.0.1 -P "$MARIADB_PORT" \
    -u "$ADMIN" -e "DROP DATABASE IF EXISTS $DEMO_MARIADB_DB; DROP USER IF EXISTS '$DEMO_LOGIN'@'%';"
}

case "${1:-}" in
  install) install ;;
  demo) demo ;;
  drop-demo) drop_demo; log "demo databases dropped" ;;
  start)
    start_postgres
    start_mariadb
    log "databases up: PostgreSQL 127.0.0.1:$PG_PORT and MariaDB 127.0.0.1:$MARIADB_PORT, admin login $ADMIN"
    ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 install|start|stop|status|demo|drop-demo" >&2; exit 2 ;;
esac
