#!/usr/bin/env bash
# Baseline HTTP cost of the foundation: an unauthenticated route and an authenticated one (token
# hash + database lookup per request), on SQLite and on PostgreSQL. Needs wrk and a release build.
#   benches/http_baseline.sh [postgres-server-url]   (a database checkpoint_bench is created and dropped there)
# Prints one line per backend and route: requests/s and latency percentiles from wrk, median of 3 runs.
set -euo pipefail
cd "$(dirname "$0")/.."
. benches/wrk_common.sh

run_backend() {
  local name=$1 url=$2
  export DATABASE_URL=$url CHECKPOINT_PORT=0 CHECKPOINT_LOG_LEVEL=warn CHECKPOINT_FILES_DIR=$work/files
  local token; token=$($bin token create --role reviewer --name bench 2>/dev/null)
  start_server
  for route in /healthz /v1/me; do
    wrk_median "$name $route" -t2 -c32 -d8s -H "Authorization: Bearer $token" "http://$addr$route"
  done
  stop_server
}

run_backend sqlite "sqlite://$work/bench.db"
run_backend postgres "$pg_url"
