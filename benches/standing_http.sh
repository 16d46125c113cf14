#!/usr/bin/env bash
# GET /v1/users/{id}/standing under load, as the marketplace calls it on every action: 100,000
# users with 300,000 sanctions (ended suspensions, and restrictions in force for one user in ten),
# each request for a random user, on SQLite and PostgreSQL. Needs wrk and a release build.
#   benches/standing_http.sh [postgres-server-url]   (a database checkpoint_bench is created and dropped there)
#   PACE_MS=5 benches/standing_http.sh   each of 64 connections waits 5 ms between requests
# Prints one line per backend: the median of three 10 s runs by requests/s.
set -euo pipefail
cd "$(dirname "$0")/.."
. benches/wrk_common.sh

USERS=100000
SANCTIONS=300000

cat > "$work/standing.lua" <<LUA
local token = os.getenv("TOKEN")
local pace = tonumber(os.getenv("PACE_MS") or "")
if pace then delay = function() return pace end end
math.randomseed(os.time())
request = function()
  return wrk.format("GET", "/v1/users/u" .. math.random(0, $USERS - 1) .. "/standing", {["Authorization"] = "Bearer " .. token})
end
LUA

# One row per sanction: user i mod USERS; every tenth a restriction still in force, the rest
# suspensions that ended yesterday.
seed_sql() {
  local series=$1 id=$2 ago=$3 ahead=$4 yesterday=$5
  cat <<SQL
INSERT INTO sanctions (id, user_id, kind, category, rule, scan_id, policy_version, starts_at, ends_at, appealable, lifted_at, created_at, reason, action_id)
SELECT $id, 'u' || (i % $USERS), CASE WHEN i % 10 = 0 THEN 'restrict' ELSE 'suspend' END, 'profanity',
       'frequency:profanity_repeat:2', NULL, 1, $ago, CASE WHEN i % 10 = 0 THEN $ahead ELSE $yesterday END, TRUE, NULL, $ago, 'bench', NULL
FROM $series;
SQL
}

run_backend() {
  local name=$1 url=$2
  export DATABASE_URL=$url CHECKPOINT_PORT=0 CHECKPOINT_LOG_LEVEL=warn CHECKPOINT_FILES_DIR=$work/files
  $bin migrate > /dev/null
  if [ "$name" = sqlite ]; then
    seed_sql "(WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $SANCTIONS) SELECT i FROM n)" \
      "lower(hex(randomblob(16)))" "datetime('now', '-20 days')" "datetime('now', '+10 days')" "datetime('now', '-1 day')" \
      | sqlite3 "${url#sqlite://}"
  else
    seed_sql "generate_series(1, $SANCTIONS) AS s(i)" "md5(i::text)" \
      "(now() at time zone 'utc') - interval '20 days'" "(now() at time zone 'utc') + interval '10 days'" "(now() at time zone 'utc') - interval '1 day'" \
      | psql -v ON_ERROR_STOP=1 -q "$url"
    psql -q "$url" -c "ANALYZE sanctions"
  fi
  measure_platform_route "$name GET /v1/users/{id}/standing" "$work/standing.lua"
}

run_backend sqlite "sqlite://$work/bench.db"
run_backend postgres "$pg_url"
