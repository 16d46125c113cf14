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
  $bin serve > "$work/out" &
  server=$!
  for _ in $(seq 50); do grep -q listening "$work/out" 2>/dev/null && break; sleep 0.1; done
  local addr; addr=$(sed -n 's/.*http:\/\///p' "$work/out")
  for route in /healthz /v1/me; do
    for i in 1 2 3; do
      wrk -t2 -c32 -d8s --latency -H "Authorization: Bearer $token" "http://$addr$route" \
        | awk -v b="$name" -v r="$route" '/Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} END {printf "%s %s rps=%s p50=%s p99=%s\n", b, r, rps, p50, p99}'
    done | sort -t= -k2 -n | sed -n 2p   # the median of three runs by requests/s
  done
  kill -TERM $server; wait $server || true
  server=
}

run_backend sqlite "sqlite://$work/bench.db"
run_backend postgres "$pg_url"
