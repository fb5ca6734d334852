#!/usr/bin/env bash
# A local RabbitMQ cluster on loopback, beside (never instead of) the single node on 5672
# that deploy/local/infra.sh runs: three nodes, one Erlang cookie of their own, joined with
# `rabbitmqctl join_cluster`, so quorum queues get a leader and two followers.
#
#   deploy/local/broker-cluster.sh up|down|status|urls|purge
#   deploy/local/broker-cluster.sh stop-node|kill-node|start-node <1..N>
#
# Node i is ${BROKER_CLUSTER_NAME:-rabbit-c}i@localhost on AMQP port BASE+i-1, management
# BASE+10000+i-1 and Erlang distribution BASE+20000+i-1, BASE=${BROKER_CLUSTER_PORT:-5701}.
# BROKER_NODES (default 3) sets the count. A test's private cluster takes its own folder,
# name and ports, e.g.
#   COMMERCE_SYNC_LOCAL_DIR=.local/cluster-msgtest BROKER_CLUSTER_NAME=msgtest-c \
#   BROKER_CLUSTER_PORT=5741 deploy/local/broker-cluster.sh up
#
# `up` is idempotent: a node already answering is left alone and a node already in the
# cluster is not joined again, so a second `up` only checks. `urls` prints the
# comma-separated AMQP_URL the messaging library takes. `stop-node` stops the RabbitMQ app
# (the Erlang node stays), `kill-node` SIGKILLs the node, `start-node` brings either back;
# `purge` stops the cluster and deletes its data, so the next `up` is a cold one.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LOCAL="${COMMERCE_SYNC_LOCAL_DIR:-$ROOT/.local}"
case "$LOCAL" in /*) ;; *) LOCAL="$ROOT/$LOCAL" ;; esac
DIR="$LOCAL/broker-cluster"
NAME="${BROKER_CLUSTER_NAME:-rabbit-c}"
BASE="${BROKER_CLUSTER_PORT:-5701}"
NODES="${BROKER_NODES:-3}"

say() { printf '[broker-cluster] %s\n' "$*"; }
die() { printf '[broker-cluster] error: %s\n' "$*" >&2; exit 1; }
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

node_name() { echo "$NAME$1@localhost"; }
amqp_port() { echo $((BASE + $1 - 1)); }
mgmt_port() { echo $((BASE + 10000 + $1 - 1)); }
dist_port() { echo $((BASE + 20000 + $1 - 1)); }

# The Debian /usr/sbin wrappers switch to the rabbitmq user, who cannot write our .local/.
# Every node and every rabbitmqctl call runs with HOME in the cluster's folder: the Erlang
# cookie there is the cluster's own, shared by its nodes and CLI calls and by nothing else
# (the 5672 node keeps the caller's ~/.erlang.cookie).
rabbit_common_env() {
  export PATH="/usr/lib/rabbitmq/bin:$PATH:/usr/sbin"
  export HOME="$DIR/home"
  export RABBITMQ_USE_LONGNAME=false
  export ERL_EPMD_ADDRESS=127.0.0.1
  # The nodes' distribution listeners on loopback too (epmd only says where they are).
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
  # CLI calls take their distribution ports from a range of this cluster's own.
  export RABBITMQ_CTL_DIST_PORT_MIN=$((BASE + 30000))
  export RABBITMQ_CTL_DIST_PORT_MAX=$((BASE + 30010))
}

node_env() { # i
  local n="$DIR/n$1"
  export RABBITMQ_NODENAME; RABBITMQ_NODENAME=$(node_name "$1")
  export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  export RABBITMQ_NODE_PORT; RABBITMQ_NODE_PORT=$(amqp_port "$1")
  export RABBITMQ_DIST_PORT; RABBITMQ_DIST_PORT=$(dist_port "$1")
  export RABBITMQ_MNESIA_BASE="$n/mnesia"
  export RABBITMQ_LOG_BASE="$LOCAL/logs/broker-cluster/n$1"
  export RABBITMQ_PID_FILE="$n/rabbitmq.pid"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$n/enabled_plugins"
  export RABBITMQ_CONFIG_FILE="$n/rabbitmq.conf"
}

ctl() { # i args...: rabbitmqctl against node i
  local i=$1; shift
  (node_env "$i" && rabbitmqctl -q -n "$(node_name "$i")" "$@")
}

ensure_cookie() {
  mkdir -p "$DIR/home"
  [ -s "$DIR/home/.erlang.cookie" ] && return
  # 20 upper-case letters, the form Erlang generates itself; it must be private to its owner.
  # (head closing the pipe kills tr with SIGPIPE: expected, so no pipefail here)
  (set +o pipefail; umask 077 && LC_ALL=C tr -dc 'A-Z' </dev/urandom | head -c 20 >"$DIR/home/.erlang.cookie")
  chmod 400 "$DIR/home/.erlang.cookie"
}

beam_alive() { # i
  local pid_file="$DIR/n$1/rabbitmq.pid"
  [ -s "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null
}

start_node() { # i: starts the Erlang node and RabbitMQ detached, without waiting
  local i=$1 n="$DIR/n$1"
  mkdir -p "$n/mnesia" "$LOCAL/logs/broker-cluster/n$i"
  cat >"$n/rabbitmq.conf" <<EOF
listeners.tcp.default = 127.0.0.1:$(amqp_port "$i")
management.tcp.ip = 127.0.0.1
management.tcp.port = $(mgmt_port "$i")
loopback_users = none
disk_free_limit.absolute = 200MB
log.console = false
EOF
  echo '[rabbitmq_management].' >"$n/enabled_plugins"
  (node_env "$i" && rabbitmq-server -detached >>"$LOCAL/logs/broker-cluster/n$i/start.log" 2>&1) || true
}

await_node() { # i seconds
  local deadline=$((SECONDS + $2))
  # await_startup fails at once while the node has not registered with epmd yet: poll it.
  until ctl "$1" await_startup --timeout 10 >>"$LOCAL/logs/broker-cluster/n$1/start.log" 2>&1; do
    [ $SECONDS -lt $deadline ] || die "$(node_name "$1") did not start within $2 s (logs: $LOCAL/logs/broker-cluster/n$1/)"
    sleep 0.5
  done
}

in_cluster() { # i: does node i already count node 1 among its cluster's members?
  [ "$(ctl "$1" eval "lists:member('$(node_name 1)', rabbit_nodes:all()).")" = true ]
}

join() { # i
  local log="$LOCAL/logs/broker-cluster/n$1/start.log"
  say "$(node_name "$1"): joining $(node_name 1)"
  { ctl "$1" stop_app && ctl "$1" join_cluster "$(node_name 1)" && ctl "$1" start_app; } >>"$log" 2>&1 \
    || die "$(node_name "$1") could not join $(node_name 1) (log: $log)"
}

running_count() { ctl 1 eval 'length(rabbit_nodes:all_running()).' 2>/dev/null || echo 0; }

await_cluster() { # seconds
  local deadline=$((SECONDS + $1))
  until [ "$(running_count)" = "$NODES" ]; do
    [ $SECONDS -lt $deadline ] || die "the cluster did not reach $NODES running nodes within $1 s"
    sleep 0.5
  done
}

urls() {
  local i out=""
  for i in $(seq "$NODES"); do out+="${out:+,}amqp://guest:guest@127.0.0.1:$(amqp_port "$i")"; done
  echo "$out"
}

cluster_up() {
  command -v rabbitmq-server >/dev/null 2>&1 || [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] \
    || die "RabbitMQ is not installed. Run: sudo apt-get install -y rabbitmq-server"
  local started=$SECONDS i fresh=()
  ensure_cookie
  for i in $(seq "$NODES"); do
    if listening "$(amqp_port "$i")"; then continue; fi
    if beam_alive "$i"; then # its app stopped (stop-node): the Erlang node is still there
      say "$(node_name "$i"): starting the app"
      ctl "$i" start_app >/dev/null
      continue
    fi
    say "$(node_name "$i"): starting (AMQP 127.0.0.1:$(amqp_port "$i"), data in ${DIR#"$ROOT"/}/n$i)"
    start_node "$i"
    fresh+=("$i")
  done
  # Started together: a node that was stopped with the others waits at boot for its peers.
  for i in "${fresh[@]}"; do await_node "$i" 180; done
  for i in $(seq 2 "$NODES"); do in_cluster "$i" || join "$i"; done
  await_cluster 120
  say "ready in $((SECONDS - started)) s: $NODES nodes running; AMQP_URL=$(urls)"
}

stop_node() { # i
  local pid deadline=$((SECONDS + 60))
  pid=$(cat "$DIR/n$1/rabbitmq.pid")
  ctl "$1" stop >/dev/null 2>&1 || true
  # `stop` can return while the process is still closing its listeners: an `up` right after
  # would find the port open and start nothing. Wait for the process itself to be gone.
  while kill -0 "$pid" 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then kill -9 "$pid" 2>/dev/null || true; break; fi
    sleep 0.2
  done
}

cluster_down() {
  local i pid pids=()
  for i in $(seq "$NODES"); do
    beam_alive "$i" || continue
    say "$(node_name "$i"): stopping"
    (stop_node "$i") &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid"; done
}

node_arg() {
  [[ "${1:-}" =~ ^[0-9]+$ ]] && [ "$1" -ge 1 ] && [ "$1" -le "$NODES" ] || die "name a node 1..$NODES"
}

rabbit_common_env
cmd="${1:-up}"
case "$cmd" in
  up) cluster_up ;;
  down) cluster_down ;;
  purge) cluster_down; rm -rf "$DIR" "$LOCAL/logs/broker-cluster"; say "data deleted" ;;
  urls) urls ;;
  status)
    up=0
    for i in $(seq "$NODES"); do
      if listening "$(amqp_port "$i")"; then say "$(node_name "$i"): up (127.0.0.1:$(amqp_port "$i"))"; up=$((up + 1))
      else say "$(node_name "$i"): down"; fi
    done
    [ "$up" = "$NODES" ] && [ "$(running_count)" = "$NODES" ] ;;
  stop-node) node_arg "${2:-}"; say "$(node_name "$2"): stopping the app"; ctl "$2" stop_app >/dev/null ;;
  kill-node)
    node_arg "${2:-}"
    beam_alive "$2" || die "$(node_name "$2") is not running"
    say "$(node_name "$2"): SIGKILL"
    kill -9 "$(cat "$DIR/n$2/rabbitmq.pid")" ;;
  start-node)
    node_arg "${2:-}"
    started=$SECONDS
    if beam_alive "$2"; then ctl "$2" start_app >/dev/null; else start_node "$2"; await_node "$2" 180; fi
    await_cluster 120
    say "$(node_name "$2"): back in the cluster in $((SECONDS - started)) s" ;;
  *) die "usage: $0 up|down|status|urls|purge|stop-node <i>|kill-node <i>|start-node <i>" ;;
esac
