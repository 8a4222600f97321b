#!/usr/bin/env bash
# Starts everything for local development on a fresh clone: installs
# dependencies, creates .env with a fresh APP_KEY, migrates the database
# (embedded PostgreSQL unless DATABASE_URL/DB_HOST is set), then runs the
# HTTP server and the queue workers together. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
source bin/lib/prepare.sh
prepare_dependencies
prepare_env_file
export PATH="$PWD/node_modules/.bin:$PATH"

node ace migration:run --force

node ace queue:work &
worker_pid=$!
node ace serve &
server_pid=$!

stop() {
  kill -INT "$server_pid" "$worker_pid" 2>/dev/null || true
  wait "$worker_pid" 2>/dev/null || true
  kill -KILL "$server_pid" 2>/dev/null || true
}
trap stop INT TERM EXIT
wait -n "$server_pid" "$worker_pid"
