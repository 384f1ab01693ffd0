#!/bin/sh
# The image's roles (Dockerfile CMD). Anything else is run as given (e.g. `sh`).
set -eu
cd /app
role="${1:-all}"
[ "$#" -gt 0 ] && shift
run() { exec node --import tsx "$@"; }
case "$role" in
  web|api|worker|mls|all) echo "$role" > /tmp/opencma-role ;;
esac
case "$role" in
  web) run apps/web/server/main.ts "$@" ;;
  api) run scripts/start-api.ts "$@" ;;
  worker) run scripts/start-worker.ts "$@" ;;
  mls) run packages/mls/src/server/main.ts "$@" ;;
  migrate) run scripts/migrate.ts "$@" ;;
  all) run scripts/start.ts "$@" ;;
  backup) run scripts/backup.ts "$@" ;;
  restore) run scripts/restore.ts "$@" ;;
  *) exec "$role" "$@" ;;
esac
