# Sourced by .ci/run: installs (Debian packages) and starts the Redis and
# PostgreSQL servers the webhook store tests use, on free loopback ports in
# a scratch directory, and exports ESIGN_TEST_REDIS_URL and
# ESIGN_TEST_POSTGRES_URL. A URL already set in the environment is used as
# it is. Needs root (apt-get, runuser); stops what it started on exit.

ESIGN_SVC_DIR=""
ESIGN_SVC_PG_BIN=""

svc_free_port() { # svc_free_port FIRST: the first port from FIRST nobody listens on
  local p=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done
  echo "$p"
}

svc_pg_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

svc_install() {
  local need=()
  command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
  [ -n "$(svc_pg_bin)" ] && id postgres >/dev/null 2>&1 || need+=(postgresql)
  [ ${#need[@]} -eq 0 ] && return 0
  echo "== apt-get install ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
    "${need[@]}" >/dev/null
}

svc_wait() { # svc_wait WHAT COMMAND...: up to 30 s
  local i
  for i in $(seq 1 60); do
    if "${@:2}" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  echo "$1 did not become ready"; return 1
}

svc_start_redis() {
  local port; port=$(svc_free_port 16379)
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --dir "$ESIGN_SVC_DIR" --pidfile "$ESIGN_SVC_DIR/redis.pid" --logfile "$ESIGN_SVC_DIR/redis.log"
  svc_wait "redis-server" redis-cli -h 127.0.0.1 -p "$port" ping || { cat "$ESIGN_SVC_DIR/redis.log"; return 1; }
  export ESIGN_TEST_REDIS_URL="redis://127.0.0.1:$port/0"
  echo "== redis-server $(redis-server --version | grep -o 'v=[0-9.]*') on 127.0.0.1:$port"
}

svc_start_postgres() {
  ESIGN_SVC_PG_BIN=$(svc_pg_bin)
  local port data="$ESIGN_SVC_DIR/pg"; port=$(svc_free_port 15432)
  install -d -o postgres -g postgres -m 700 "$data"
  runuser -u postgres -- "$ESIGN_SVC_PG_BIN/initdb" -D "$data" -U postgres -A trust -E UTF8 --no-sync >"$ESIGN_SVC_DIR/initdb.log" 2>&1 ||
    { cat "$ESIGN_SVC_DIR/initdb.log"; return 1; }
  runuser -u postgres -- "$ESIGN_SVC_PG_BIN/pg_ctl" -D "$data" -l "$data/postgres.log" -w -t 60 \
    -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null ||
    { cat "$data/postgres.log"; return 1; }
  svc_wait "postgres" runuser -u postgres -- "$ESIGN_SVC_PG_BIN/pg_isready" -h 127.0.0.1 -p "$port"
  runuser -u postgres -- "$ESIGN_SVC_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$data" -p "$port" -U postgres -d postgres \
    -c "CREATE ROLE esign LOGIN PASSWORD 'esign'" -c "CREATE DATABASE esign OWNER esign" >/dev/null
  export ESIGN_TEST_POSTGRES_URL="postgres://esign:esign@127.0.0.1:$port/esign?sslmode=disable"
  echo "== $("$ESIGN_SVC_PG_BIN/postgres" --version | cut -d' ' -f1-3) on 127.0.0.1:$port"
}

svc_stop() {
  [ -n "$ESIGN_SVC_DIR" ] || return 0
  if [ -f "$ESIGN_SVC_DIR/redis.pid" ]; then kill "$(cat "$ESIGN_SVC_DIR/redis.pid")" 2>/dev/null || true; fi
  if [ -f "$ESIGN_SVC_DIR/pg/postmaster.pid" ]; then
    runuser -u postgres -- "$ESIGN_SVC_PG_BIN/pg_ctl" -D "$ESIGN_SVC_DIR/pg" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$ESIGN_SVC_DIR"
}

svc_start() {
  if [ -n "${ESIGN_TEST_REDIS_URL:-}" ] && [ -n "${ESIGN_TEST_POSTGRES_URL:-}" ]; then
    echo "== using ESIGN_TEST_REDIS_URL and ESIGN_TEST_POSTGRES_URL from the environment"; return 0
  fi
  svc_install
  ESIGN_SVC_DIR=$(mktemp -d /tmp/esign-ci-services.XXXXXX)
  chmod 755 "$ESIGN_SVC_DIR"
  trap svc_stop EXIT
  [ -n "${ESIGN_TEST_REDIS_URL:-}" ] || svc_start_redis
  [ -n "${ESIGN_TEST_POSTGRES_URL:-}" ] || svc_start_postgres
}
