#!/usr/bin/env bash
# Provisions and runs the local infrastructure on loopback: RabbitMQ, a MongoDB-wire
# server (mongod if present, else mongo-java-server on H2), mailpit (SMTP + HTTP API) and
# a metrics engine (VictoriaMetrics single-node: Prometheus scraping and its HTTP query API).
#
#   deploy/local/infra.sh up|down|status|rabbit-restart|mongo-restart [rabbit] [mongo] [mailpit] [metrics]
#
# With no piece named, all four. A private instance for restart tests (never the shared
# one) takes its own data folder, ports and node name, e.g.
#   COMMERCE_SYNC_LOCAL_DIR=.local/private RABBITMQ_PORT=5673 RABBITMQ_MANAGEMENT_PORT=15673 \
#   RABBITMQ_DIST_PORT=25673 RABBITMQ_NODENAME=private@localhost MONGO_PORT=27018 \
#   deploy/local/infra.sh up rabbit mongo
#
# Idempotent: a piece already answering on its port is left alone, so a second `up`
# starts nothing twice. AMQP_URL / MONGO_URL / SMTP_URL skip a piece entirely (you run it).
# Data lives under .local/ in the checkout; built tools are cached under
# ${COMMERCE_SYNC_CACHE:-~/.cache/commerce-sync} so a fresh clone starts in seconds.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# A private instance (its own data folder) is always one we run: URLs inherited from the
# caller's environment (e.g. the .env.example defaults a test runs with) must not make us skip it.
if [ -n "${COMMERCE_SYNC_LOCAL_DIR:-}" ]; then unset AMQP_URL MONGO_URL SMTP_URL; fi
LOCAL="${COMMERCE_SYNC_LOCAL_DIR:-$ROOT/.local}"
CACHE="${COMMERCE_SYNC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/commerce-sync}"
BIN="$CACHE/bin"
MAILPIT_VERSION=v1.33.1
VICTORIA_METRICS_VERSION=v1.151.0

AMQP_PORT="${RABBITMQ_PORT:-5672}"
AMQP_MGMT_PORT="${RABBITMQ_MANAGEMENT_PORT:-15672}"
MONGO_PORT="${MONGO_PORT:-27017}"
SMTP_PORT="${MAILPIT_SMTP_PORT:-1025}"
MAILPIT_HTTP_PORT="${MAILPIT_HTTP_PORT:-8025}"
METRICS_PORT="${METRICS_PORT:-8428}"

say() { printf '[infra] %s\n' "$*"; }
die() { printf '[infra] error: %s\n' "$*" >&2; exit 1; }

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() { # port name seconds
  local deadline=$((SECONDS + $3))
  until listening "$1"; do
    [ $SECONDS -lt $deadline ] || die "$2 did not open 127.0.0.1:$1 within $3 s (log: $LOCAL/logs/$2.log)"
    sleep 0.2
  done
}

# Debian's /usr/sbin wrappers switch to the rabbitmq user, who cannot write our .local/;
# the real scripts in /usr/lib/rabbitmq/bin run as whoever calls them.
rabbit_path() { export PATH="/usr/lib/rabbitmq/bin:$PATH:/usr/sbin"; }

rabbit_env() {
  export RABBITMQ_MNESIA_BASE="$LOCAL/rabbitmq/mnesia"
  export RABBITMQ_LOG_BASE="$LOCAL/logs/rabbitmq"
  export RABBITMQ_PID_FILE="$LOCAL/rabbitmq/rabbitmq.pid"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$LOCAL/rabbitmq/enabled_plugins"
  export RABBITMQ_CONFIG_FILE="$LOCAL/rabbitmq/rabbitmq.conf"
  export RABBITMQ_NODENAME="${RABBITMQ_NODENAME:-commerce-sync@localhost}"
  export RABBITMQ_USE_LONGNAME=false
}

# --- RabbitMQ --------------------------------------------------------------------------
rabbit_up() {
  if [ -n "${AMQP_URL:-}" ]; then say "RabbitMQ: using AMQP_URL"; return; fi
  if listening "$AMQP_PORT"; then say "RabbitMQ: already on 127.0.0.1:$AMQP_PORT"; return; fi
  if ! command -v rabbitmq-server >/dev/null 2>&1 && [ ! -x /usr/sbin/rabbitmq-server ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      say "RabbitMQ: installing the Debian package rabbitmq-server"
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rabbitmq-server) >"$LOCAL/logs/apt-rabbitmq.log" 2>&1 \
        || die "apt-get install rabbitmq-server failed (log: $LOCAL/logs/apt-rabbitmq.log)"
    else
      die "RabbitMQ is not installed. Run: sudo apt-get install -y rabbitmq-server (or set AMQP_URL)"
    fi
  fi
  rabbit_path
  rabbit_env
  mkdir -p "$RABBITMQ_MNESIA_BASE" "$RABBITMQ_LOG_BASE"
  cat >"$RABBITMQ_CONFIG_FILE" <<EOF
listeners.tcp.default = 127.0.0.1:$AMQP_PORT
management.tcp.ip = 127.0.0.1
management.tcp.port = $AMQP_MGMT_PORT
loopback_users = none
disk_free_limit.absolute = 200MB
log.console = false
EOF
  echo '[rabbitmq_management].' >"$RABBITMQ_ENABLED_PLUGINS_FILE"
  # The Erlang distribution port manager must listen on loopback only as well.
  export ERL_EPMD_ADDRESS=127.0.0.1
  export RABBITMQ_DIST_PORT="${RABBITMQ_DIST_PORT:-25672}"
  say "RabbitMQ: starting (data in .local/rabbitmq)"
  rabbitmq-server -detached >"$LOCAL/logs/rabbitmq-start.log" 2>&1 || true
  # await_startup fails at once while the node has not registered yet, so poll it.
  local deadline=$((SECONDS + 120))
  until rabbitmqctl -q await_startup --timeout 10 >>"$LOCAL/logs/rabbitmq-start.log" 2>&1; do
    [ $SECONDS -lt $deadline ] || die "RabbitMQ did not start within 120 s (logs: $LOCAL/logs/rabbitmq/)"
    sleep 1
  done
  wait_port "$AMQP_PORT" rabbitmq 30
  say "RabbitMQ: ready on amqp://127.0.0.1:$AMQP_PORT (management http://127.0.0.1:$AMQP_MGMT_PORT)"
}

rabbit_down() {
  [ -n "${AMQP_URL:-}" ] && return
  rabbit_path
  rabbit_env
  if command -v rabbitmqctl >/dev/null 2>&1 && listening "$AMQP_PORT"; then
    say "RabbitMQ: stopping"
    timeout 60 rabbitmqctl -q stop >/dev/null 2>&1 || true
  fi
}

# --- MongoDB-wire server -----------------------------------------------------------------
# mongo-java-server 1.47.0 on an H2 MVStore file, behind our launcher (deploy/local/mongo-java-server):
# atomic conditional updates, unique indexes served, every write committed before it is
# acknowledged. Chosen by measurement: docs/ARCHITECTURE.md §6. The launcher's sources and
# pom are the cache key: a change to them rebuilds it.
STORE_SRC="$ROOT/deploy/local/mongo-java-server"
STORE_HEAP="${LOCAL_STORE_HEAP:-1g}"

store_dir() {
  local sum
  sum=$(cat "$STORE_SRC/pom.xml" "$STORE_SRC"/src/main/java/dev/commercesync/store/*.java | sha256sum | cut -c1-12)
  echo "$BIN/local-store-$sum"
}

build_store() {
  local dir tmp
  dir=$(store_dir)
  [ -f "$dir/ok" ] && return
  command -v java >/dev/null 2>&1 && command -v javac >/dev/null 2>&1 \
    || die "no MongoDB-wire server: install a JDK 17+ and Maven (sudo apt-get install -y openjdk-17-jdk-headless maven), or mongod, or set MONGO_URL"
  command -v mvn >/dev/null 2>&1 || die "Maven is missing (sudo apt-get install -y maven), or set MONGO_URL"
  say "local store: building the mongo-java-server launcher once from Maven Central (cached in $BIN)"
  mkdir -p "$BIN"
  tmp="$dir.tmp.$$"
  rm -rf "$tmp"
  {
    mvn -q -B -f "$STORE_SRC/pom.xml" dependency:copy-dependencies -DoutputDirectory="$tmp/lib" -DincludeScope=runtime &&
      javac --release 17 -cp "$tmp/lib/*" -d "$tmp/classes" "$STORE_SRC"/src/main/java/dev/commercesync/store/*.java
  } >"$LOCAL/logs/store-build.log" 2>&1 || die "building the local store failed (log: $LOCAL/logs/store-build.log)"
  touch "$tmp/ok"
  rm -rf "$dir"
  mv "$tmp" "$dir"
}

mongo_up() {
  if [ -n "${MONGO_URL:-}" ]; then say "MongoDB: using MONGO_URL"; return; fi
  if listening "$MONGO_PORT"; then say "MongoDB-wire: already on 127.0.0.1:$MONGO_PORT"; return; fi
  mkdir -p "$LOCAL/mongo"
  if command -v mongod >/dev/null 2>&1; then
    say "MongoDB: starting mongod (data in .local/mongo)"
    mongod --dbpath "$LOCAL/mongo" --bind_ip 127.0.0.1 --port "$MONGO_PORT" --replSet rs0 \
      --fork --logpath "$LOCAL/logs/mongod.log" >/dev/null
    wait_port "$MONGO_PORT" mongod 60
    mongosh --quiet --port "$MONGO_PORT" --eval 'try { rs.status() } catch (e) { rs.initiate() }' >/dev/null 2>&1 || true
  else
    build_store
    local dir
    dir=$(store_dir)
    mkdir -p "$LOCAL/store"
    say "MongoDB-wire: starting mongo-java-server on H2 (data in $LOCAL/store, heap ≤ $STORE_HEAP)"
    setsid nohup java -Xmx"$STORE_HEAP" -Xss512k -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError \
      -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$dir/classes:$dir/lib/*" \
      dev.commercesync.store.LocalStore --port "$MONGO_PORT" --file "$LOCAL/store/commerce-sync.mv" \
      >>"$LOCAL/logs/store.log" 2>&1 </dev/null &
    echo $! >"$LOCAL/pids/store.pid"
    wait_port "$MONGO_PORT" store 60
  fi
  say "MongoDB-wire: ready on mongodb://127.0.0.1:$MONGO_PORT"
}

mongo_down() {
  [ -n "${MONGO_URL:-}" ] && return
  if [ -f "$LOCAL/pids/store.pid" ]; then
    local pid
    pid=$(cat "$LOCAL/pids/store.pid")
    say "local store: stopping"
    kill "$pid" 2>/dev/null || true
    # The store closes its file on SIGTERM: wait for it, so a restart opens a closed file.
    for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      say "local store: still running after 30 s, killing it (every acknowledged write is committed)"
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$LOCAL/pids/store.pid"
  elif command -v mongod >/dev/null 2>&1 && listening "$MONGO_PORT"; then
    say "mongod: stopping"; mongod --dbpath "$LOCAL/mongo" --shutdown >/dev/null 2>&1 || true
  fi
}

# --- mailpit -----------------------------------------------------------------------------
# Builds a Go tool once from the module proxy into $BIN/<name>-<version> (the cache).
go_build() { # name module version what-to-set-instead
  [ -x "$BIN/$1-$3" ] && return
  command -v go >/dev/null 2>&1 || die "$1 is missing: install Go 1.26 (then: go install $2@$3) or set $4"
  say "$1 $3: building once from the Go module proxy (cached in $BIN)"
  mkdir -p "$BIN/.gobin"
  GOBIN="$BIN/.gobin" go install "$2@$3" >"$LOCAL/logs/$1-build.log" 2>&1 \
    || die "building $1 failed (log: $LOCAL/logs/$1-build.log)"
  mv "$BIN/.gobin/$1" "$BIN/$1-$3"
}

build_mailpit() { go_build mailpit github.com/axllent/mailpit "$MAILPIT_VERSION" SMTP_URL; }

mailpit_up() {
  if [ -n "${SMTP_URL:-}" ]; then say "SMTP: using SMTP_URL"; return; fi
  if listening "$SMTP_PORT"; then say "mailpit: already on 127.0.0.1:$SMTP_PORT"; return; fi
  build_mailpit
  mkdir -p "$LOCAL/mailpit"
  say "mailpit: starting"
  setsid nohup "$BIN/mailpit-$MAILPIT_VERSION" --smtp "127.0.0.1:$SMTP_PORT" --listen "127.0.0.1:$MAILPIT_HTTP_PORT" \
    --database "$LOCAL/mailpit/mailpit.db" --max 0 --smtp-auth-accept-any --smtp-auth-allow-insecure --disable-version-check \
    >>"$LOCAL/logs/mailpit.log" 2>&1 </dev/null &
  echo $! >"$LOCAL/pids/mailpit.pid"
  wait_port "$SMTP_PORT" mailpit 30
  wait_port "$MAILPIT_HTTP_PORT" mailpit 30
  say "mailpit: SMTP smtp://127.0.0.1:$SMTP_PORT, UI http://127.0.0.1:$MAILPIT_HTTP_PORT"
}

mailpit_down() {
  [ -n "${SMTP_URL:-}" ] && return
  if [ -f "$LOCAL/pids/mailpit.pid" ]; then
    say "mailpit: stopping"; kill "$(cat "$LOCAL/pids/mailpit.pid")" 2>/dev/null || true; rm -f "$LOCAL/pids/mailpit.pid"
  fi
}

# --- metrics engine ----------------------------------------------------------------------
build_metrics() {
  go_build victoria-metrics github.com/VictoriaMetrics/VictoriaMetrics/app/victoria-metrics "$VICTORIA_METRICS_VERSION" METRICS_URL
}

# Scrapes whatever the target files list (npm start writes .local/metrics/targets/stack.json
# with every process of the stack); a file added or changed is picked up within 5 s.
metrics_up() {
  if [ -n "${METRICS_URL:-}" ]; then say "metrics: using METRICS_URL"; return; fi
  if listening "$METRICS_PORT"; then say "metrics: already on 127.0.0.1:$METRICS_PORT"; return; fi
  build_metrics
  mkdir -p "$LOCAL/metrics/targets" "$LOCAL/metrics/data"
  cat >"$LOCAL/metrics/scrape.yml" <<EOF
global:
  scrape_interval: 5s
scrape_configs:
  - job_name: commerce-sync
    file_sd_configs:
      - files: ['$LOCAL/metrics/targets/*.json']
EOF
  say "metrics: starting"
  setsid nohup "$BIN/victoria-metrics-$VICTORIA_METRICS_VERSION" -httpListenAddr "127.0.0.1:$METRICS_PORT" \
    -storageDataPath "$LOCAL/metrics/data" -retentionPeriod 7d -promscrape.config "$LOCAL/metrics/scrape.yml" \
    -promscrape.fileSDCheckInterval 5s -search.latencyOffset 0s \
    >>"$LOCAL/logs/metrics.log" 2>&1 </dev/null &
  echo $! >"$LOCAL/pids/metrics.pid"
  wait_port "$METRICS_PORT" metrics 30
  say "metrics: Prometheus query API http://127.0.0.1:$METRICS_PORT (UI /vmui)"
}

metrics_down() {
  [ -n "${METRICS_URL:-}" ] && return
  if [ -f "$LOCAL/pids/metrics.pid" ]; then
    say "metrics: stopping"; kill "$(cat "$LOCAL/pids/metrics.pid")" 2>/dev/null || true; rm -f "$LOCAL/pids/metrics.pid"
  fi
}

status_line() { if listening "$2"; then say "$1: up (127.0.0.1:$2)"; else say "$1: down"; fi; }

mkdir -p "$LOCAL/logs" "$LOCAL/pids"
cmd="${1:-up}"; shift || true
pieces="${*:-rabbit mongo mailpit metrics}"
has() { case " $pieces " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
case "$cmd" in
  up) if has rabbit; then rabbit_up; fi; if has mongo; then mongo_up; fi; if has mailpit; then mailpit_up; fi
      if has metrics; then metrics_up; fi ;;
  down) if has metrics; then metrics_down; fi; if has mailpit; then mailpit_down; fi; if has mongo; then mongo_down; fi
        if has rabbit; then rabbit_down; fi ;;
  status)
    status_line RabbitMQ "$AMQP_PORT"; status_line "RabbitMQ management" "$AMQP_MGMT_PORT"
    status_line MongoDB-wire "$MONGO_PORT"; status_line "mailpit SMTP" "$SMTP_PORT"; status_line "mailpit HTTP" "$MAILPIT_HTTP_PORT"
    status_line metrics "$METRICS_PORT" ;;
  rabbit-restart) rabbit_down; rabbit_up ;;
  mongo-restart) mongo_down; sleep 0.5; mongo_up ;;
  *) die "usage: $0 up|down|status|rabbit-restart|mongo-restart" ;;
esac
