# Shared by the wrk benchmarks: the release binary, a scratch folder and a PostgreSQL database
# checkpoint_bench created on the given server and dropped on exit. Source it after `cd` to the
# repository; it sets bin, work, pg_server, pg_url and server.
pg_server=${1:-postgres://postgres@127.0.0.1:5432/test}
pg_url="${pg_server%/*}/checkpoint_bench"
bin=${CHECKPOINT_BIN:-./target/release/checkpoint}
[ -x "$bin" ] || cargo build --release --locked
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }
work=$(mktemp -d)
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null
  psql -q "$pg_server" -c "DROP DATABASE IF EXISTS checkpoint_bench WITH (FORCE)" || true
  rm -rf "$work"
}
trap cleanup EXIT
psql -q "$pg_server" -c "DROP DATABASE IF EXISTS checkpoint_bench WITH (FORCE)" -c "CREATE DATABASE checkpoint_bench"

# Serves in the background on any free port with the current environment; sets server and addr.
start_server() {
  $bin serve > "$work/out" &
  server=$!
  for _ in $(seq 100); do grep -q listening "$work/out" 2>/dev/null && break; sleep 0.1; done
  addr=$(sed -n 's/.*http:\/\///p' "$work/out")
}

stop_server() {
  kill -TERM "$server"; wait "$server" || true
  server=
}

# wrk_median LABEL WRK-ARGS…: three wrk runs; prints the median run by requests/s as
# "LABEL rps=… p50=… p90=… p99=… non2xx=…".
wrk_median() {
  local label=$1; shift
  for _ in 1 2 3; do
    wrk --latency "$@" | awk -v l="$label" '/Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +90%/ {p90=$2} /^ +99%/ {p99=$2} /Non-2xx/ {bad=$NF} END {printf "%s rps=%s p50=%s p90=%s p99=%s non2xx=%s\n", l, rps, p50, p90, p99, bad+0}'
  done | sort -t= -k2 -n | sed -n 2p
}

# measure_platform_route LABEL LUA: with a platform token in TOKEN, serves (then runs $AFTER_START,
# if set, against $addr), warms up for 3 s, then
# prints wrk_median over 10 s runs: 32 connections as fast as they go, or 64 each waiting PACE_MS
# between requests when that is set.
measure_platform_route() {
  local label=$1 lua=$2
  TOKEN=$($bin token create --role platform --name bench 2>/dev/null)
  export TOKEN
  start_server
  ${AFTER_START:-true}
  wrk -t2 -c32 -d3s -s "$lua" "http://$addr" > /dev/null
  local connections=32
  [ -n "${PACE_MS:-}" ] && connections=64
  wrk_median "$label" -t2 -c$connections -d10s -s "$lua" "http://$addr"
  stop_server
}
