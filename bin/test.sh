#!/usr/bin/env bash
# Runs the whole test suite on a fresh clone: installs dependencies when
# needed, then `node ace test` (on the pinned Node 24), which creates and
# migrates the test database, starts the fake TMDB server, the SMTP sink and
# the queue workers in-process. Extra arguments go to Japa (e.g. --files).
set -euo pipefail
cd "$(dirname "$0")/.."
source bin/lib/prepare.sh
prepare_dependencies
exec npm test --silent -- "$@"
