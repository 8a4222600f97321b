#!/usr/bin/env bash
# Starts everything for local development on a fresh clone: installs
# dependencies, creates .env with a fresh APP_KEY, migrates the database
# (embedded PostgreSQL unless DATABASE_URL/DB_HOST is set), starts the fake
# TMDB server when TMDB_BASE_URL points at this machine, bootstraps an empty
# catalogue from MARQUEE_DATA_DIR (default ../shared/data), makes sure a
# local admin account exists, then runs the HTTP server and the queue
# workers. Ctrl-C, SIGTERM or SIGINT to this script stops every process it
# started (each runs in its own process group, killed as a whole).
set -euo pipefail
cd "$(dirname "$0")/.."
source bin/lib/prepare.sh
prepare_dependencies
prepare_env_file
export PATH="$PWD/node_modules/.bin:$PATH"

# Job control: every background job gets its own process group, so `kill -- -PID`
# reaches the process and whatever it spawned (`ace serve` runs the server as a child).
set -m

# A setting from the environment, else from .env, else the default.
setting() {
  local name=$1 default=${2:-} value
  value=${!name:-}
  if [ -z "$value" ] && [ -f .env ]; then
    value=$(grep -E "^${name}=" .env | tail -n 1 | cut -d= -f2- || true)
  fi
  echo "${value:-$default}"
}

pids=()
stopping=0
stop() {
  [ "$stopping" = 1 ] && return
  stopping=1
  trap - INT TERM
  if [ "${#pids[@]}" -gt 0 ]; then
    echo "[marquee] stopping ${#pids[@]} process group(s)…" >&2
    for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
    # Graceful first (workers finish their job, the server drains); then no mercy.
    for _ in $(seq 1 100); do
      alive=0
      for pid in "${pids[@]}"; do kill -0 -- "-$pid" 2>/dev/null && alive=1; done
      [ "$alive" = 0 ] && break
      sleep 0.1
    done
    for pid in "${pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
  fi
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT

start() {
  "$@" &
  pids+=("$!")
}

# Runs a step in the background and waits for it, so a signal is handled at once.
# With --optional first, a failure is reported and the start goes on.
run() {
  local optional=0
  if [ "$1" = --optional ]; then optional=1; shift; fi
  "$@" &
  local pid=$!
  pids+=("$pid")
  local status=0
  wait "$pid" || status=$?
  local keep=() other
  for other in "${pids[@]}"; do [ "$other" != "$pid" ] && keep+=("$other"); done
  pids=("${keep[@]}")
  [ "$status" = 0 ] && return 0
  if [ "$optional" = 1 ]; then
    echo "[marquee] '$*' failed (exit $status); starting anyway (run bin/dev.sh again to continue it)" >&2
    return 0
  fi
  echo "[marquee] '$*' failed (exit $status)" >&2
  exit "$status"
}

run node ace migration:run --force

# --- TMDB: the fake server when TMDB_BASE_URL is this machine ---------------
data_dir=${MARQUEE_DATA_DIR:-}
if [ -z "$data_dir" ] && [ -d ../shared/data ]; then data_dir=../shared/data; fi
tmdb_url=$(setting TMDB_BASE_URL http://127.0.0.1:3999/3)
tmdb_host=$(echo "$tmdb_url" | sed -E 's#^[a-z]+://([^/:]+|\[[^]]+\])(:([0-9]+))?.*#\1#')
tmdb_port=$(echo "$tmdb_url" | sed -E 's#^[a-z]+://([^/:]+|\[[^]]+\])(:([0-9]+))?.*#\3#')
case "$tmdb_host" in
  127.*|localhost|"[::1]")
    if [ -z "$(setting TMDB_ACCESS_TOKEN)" ]; then
      # The development token the app also falls back to; written down so every tool agrees.
      sed -i.bak '/^TMDB_ACCESS_TOKEN=/d' .env && rm -f .env.bak
      # .env may lack a final newline: never glue our line onto the last one.
      [ -z "$(tail -c 1 .env)" ] || echo >> .env
      echo "TMDB_ACCESS_TOKEN=marquee-local-development" >> .env
      export TMDB_ACCESS_TOKEN=marquee-local-development
      echo "[marquee] wrote a development TMDB_ACCESS_TOKEN into .env" >&2
    fi
    if (exec 3<>"/dev/tcp/127.0.0.1/${tmdb_port:-80}") 2>/dev/null; then
      echo "[marquee] a TMDB is already listening on port ${tmdb_port}" >&2
    elif [ -n "$data_dir" ] && [ -f "$data_dir/tmdb/tmdb_5000_movies.csv" ]; then
      start node ace tmdb:fake-server --port "${tmdb_port:-3999}" --data "$data_dir/tmdb"
      for _ in $(seq 1 150); do
        (exec 3<>"/dev/tcp/127.0.0.1/${tmdb_port:-3999}") 2>/dev/null && break
        sleep 0.2
      done
    else
      echo "[marquee] no TMDB dump in ${data_dir:-MARQUEE_DATA_DIR}: the fake TMDB server is not started" >&2
    fi
    ;;
esac

# --- Catalogue: bootstrapped once (continues an interrupted one) ------------
if [ -n "$data_dir" ]; then
  bootstrap_args=(--if-needed)
  [ -d "$data_dir/ml-latest-small" ] && bootstrap_args+=(--movielens "$data_dir/ml-latest-small")
  [ -f "$data_dir/tmdb/tmdb_5000_movies.csv" ] && bootstrap_args+=(--tmdb-dump "$data_dir/tmdb")
  # A TMDB hiccup must not keep the API down: the next start continues the bootstrap.
  run --optional node ace catalogue:bootstrap "${bootstrap_args[@]}"
else
  echo "[marquee] no MARQUEE_DATA_DIR (and no ../shared/data): the catalogue stays as it is" >&2
fi

# --- A local admin ----------------------------------------------------------
admin=$(node ace user:dev-admin --json | tail -n 1)

start node ace queue:work
start node ace serve

host=$(setting HOST 127.0.0.1)
port=$(setting PORT 3333)
base="http://${host}:${port}"
for _ in $(seq 1 300); do
  (exec 3<>"/dev/tcp/${host}/${port}") 2>/dev/null && break
  sleep 0.2
done
cat >&2 <<INFO

[marquee] ready
  API            ${base}/api/v1
  API docs       ${base}/api/docs
  Admin panel    ${base}/admin
  Health         ${base}/health
  Admin account  $(echo "$admin" | sed -E 's/.*"username":"([^"]*)".*"password":"([^"]*)".*/\1 \/ \2/')
  Ctrl-C stops everything.

INFO

# Ends when any of them ends (the EXIT trap stops the others).
wait -n "${pids[@]}"
