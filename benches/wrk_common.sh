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
