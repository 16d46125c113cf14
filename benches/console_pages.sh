#!/usr/bin/env bash
# Server time of each console page with 100,000 verification items and 100,000 moderation items in
# the database (one in ten waiting, the rest decided, each with its decision or action), and 100,000
# flagged scans (10,000 sanctioned, 500 of those appealed), on SQLite and PostgreSQL: a signed-in
# reviewer's and an ops member's pages under wrk (one connection, so each request is timed alone),
# and each page's weight. Needs wrk, sqlite3, psql and a release build.
#   benches/console_pages.sh [postgres-server-url]   (a database checkpoint_bench is created and dropped there)
#   ONLY=dashboard benches/console_pages.sh            (just the pages whose label matches)
# Prints one line per page and backend: the median of three 10 s runs by requests/s.
set -euo pipefail
cd "$(dirname "$0")/.."
. benches/wrk_common.sh
command -v sqlite3 >/dev/null || { echo "sqlite3 is needed" >&2; exit 1; }

ITEMS=100000
export CHECKPOINT_STAFF_PASSWORD="bench password, long enough"

cat > "$work/page.lua" <<'LUA'
local cookie = os.getenv("COOKIE")
request = function()
  return wrk.format("GET", os.getenv("PAGE"), {["Cookie"] = cookie})
end
LUA

# $uuid, $uuid2: expressions giving two different UUIDs for row i; $ago: a timestamp i minutes back.
seed_sql() {
  local series=$1 uuid=$2 ago=$3 uuid2=$4
  cat <<SQL
INSERT INTO verifications (id, provider_id, document_type, status, claimed, file_sha256, file_type, file_size,
    idempotency_key, request_hash, submitted_by, precheck, risk_score, business_number, created_at, updated_at, case_id,
    flags, claimed_by, claimed_at, claim_expires_at, decided_at, valid_until, renews)
SELECT $uuid, 'gosu-' || i, CASE i % 3 WHEN 0 THEN 'business_registration' WHEN 1 THEN 'business_report' ELSE 'license' END,
    CASE WHEN i % 10 = 0 THEN 'pending_review' ELSE 'approved' END, '{}', 'bench', 'png', 1, NULL, 'bench', 'bench', NULL,
    i % 100, NULL, $ago, $ago, $uuid,
    CASE WHEN i % 7 = 0 THEN ',number_mismatch,' WHEN i % 11 = 0 THEN ',image_blurry,' ELSE ',' END,
    NULL, NULL, NULL, CASE WHEN i % 10 = 0 THEN NULL ELSE $ago END, NULL, NULL
FROM $series;
INSERT INTO moderation_items (id, status, claimed_by, claimed_at, claim_expires_at, risk_score, created_at, surface, content_id,
    user_id, source, scan_id, matches, policy_version, reporters, snapshot, tier)
SELECT $uuid, CASE WHEN i % 10 = 0 THEN 'pending_review' ELSE 'done' END, NULL, NULL, NULL, i % 100, $ago, 'chat', 'c-' || i,
    'u' || (i % 20000), 'report', NULL, '[]', NULL, 1, '선입금 해주시면 바로 출발합니다', 'staff'
FROM $series;
-- Each decided item's decision, and an action on each done moderation item, a minute after it came.
INSERT INTO decisions (id, verification_id, case_id, reviewer, decision, reason_code, note, documents_requested,
    precheck_snapshot, risk_score, claimed_at, decided_at)
SELECT $uuid2, $uuid, $uuid, 'staff:bench-' || (i % 12), 'approve', NULL, NULL, '[]', NULL, i % 100, $ago, $ago
FROM $series WHERE i % 10 <> 0;
INSERT INTO moderation_actions (id, item_id, actor_id, action, reason, rule, sanction_id, created_at)
SELECT $uuid2, $uuid, 'staff:bench-' || (i % 12), CASE WHEN i % 4 = 0 THEN 'warn' ELSE 'dismiss' END, 'bench', 'report:other',
    NULL, $ago
FROM $series WHERE i % 10 <> 0;
-- Flagged scans with their terms, one in ten sanctioned, one in twenty of those appealed and decided.
INSERT INTO scans (id, surface, user_id, content_id, content, action, matches, rules, policy_version, created_at)
SELECT $uuid, 'chat', 'u' || (i % 20000), 'c-' || i, '선입금 해주시면 바로 출발합니다', 'flag', '[]', '[]', 1, $ago FROM $series;
INSERT INTO scan_terms (scan_id, category, term, created_at)
SELECT $uuid, 'category-' || (i % 8), 'term-' || (i % 500), $ago FROM $series;
INSERT INTO sanctions (id, user_id, kind, category, rule, scan_id, policy_version, starts_at, ends_at, appealable, lifted_at,
    created_at, reason, action_id)
SELECT $uuid, 'u' || (i % 20000), 'warn', 'category-' || (i % 8), 'category:category-' || (i % 8), $uuid, 1, $ago, NULL, 1 = 1,
    NULL, $ago, 'bench', NULL
FROM $series WHERE i % 10 = 0;
INSERT INTO appeals (id, case_type, case_id, user_id, statement, submitted_by, status, claimed_by, claimed_at, claim_expires_at,
    risk_score, created_at, original_actor, original_rule, original_category, outcome, decided_by, decision_note,
    reduced_ends_at, decided_at)
SELECT $uuid, 'sanction', $uuid, 'u' || (i % 20000), 'bench', 'bench', 'done', NULL, NULL, NULL, 0, $ago, 'staff:bench',
    'category:category-' || (i % 8), 'category-' || (i % 8), CASE WHEN i % 3 = 0 THEN 'overturn' ELSE 'uphold' END, 'staff:bench',
    'bench', NULL, $ago
FROM $series WHERE i % 200 = 0;
SQL
}

# measure LABEL PAGE: wrk_median over one connection after a warm-up; then the page's size.
# ONLY=regex measures just the pages whose label matches.
measure() {
  local label=$1
  [[ -z "${ONLY:-}" || "$label" =~ $ONLY ]] || return 0
  export PAGE=$2
  wrk -t1 -c1 -d2s -s "$work/page.lua" "http://$addr" > /dev/null
  local bytes
  bytes=$(curl -s -H "Cookie: $COOKIE" "http://$addr$PAGE" | wc -c)
  echo "$(wrk_median "$label" -t1 -c1 -d10s -s "$work/page.lua" "http://$addr") bytes=$bytes"
}

# sign_in USERNAME: the session cookie.
sign_in() {
  curl -s -o /dev/null -D - --data-urlencode "username=$1" --data-urlencode "password=$CHECKPOINT_STAFF_PASSWORD" \
    "http://$addr/console/login" | sed -n 's/^[Ss]et-[Cc]ookie: \(cp_session=[^;]*\).*/\1/p'
}

# claim KIND: claims the next item of /console/KIND as the signed-in reviewer; prints its path.
claim() {
  local csrf
  csrf=$(curl -s -H "Cookie: $COOKIE" "http://$addr/console/$1" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
  curl -s -o /dev/null -w '%{redirect_url}' -H "Cookie: $COOKIE" --data-urlencode "csrf=$csrf" "http://$addr/console/$1/claim" | sed 's|^http://[^/]*||'
}

run_backend() {
  local name=$1 url=$2
  export DATABASE_URL=$url CHECKPOINT_PORT=0 CHECKPOINT_LOG_LEVEL=warn CHECKPOINT_FILES_DIR=$work/files CHECKPOINT_CONSOLE_SECURE_COOKIE=false
  $bin migrate > /dev/null
  if [ "$name" = sqlite ]; then
    seed_sql "(WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $ITEMS) SELECT i FROM n)" \
      "printf('%08x-0000-4000-8000-%012x', i, i)" "datetime('now', '-' || i || ' minutes')" \
      "printf('%08x-0000-4000-9000-%012x', i, i)" | sqlite3 "${url#sqlite://}"
  else
    seed_sql "generate_series(1, $ITEMS) AS s(i)" "md5(i::text)::uuid::text" "(now() at time zone 'utc') - i * interval '1 minute'" \
      "md5('second ' || i)::uuid::text" \
      | psql -v ON_ERROR_STOP=1 -q "$url"
    psql -q "$url" -c "ANALYZE"
  fi
  $bin staff create --username reviewer --role reviewer --name bench > /dev/null
  $bin staff create --username ops --role ops --name bench > /dev/null
  start_server
  COOKIE=$(sign_in reviewer)
  export COOKIE
  measure "$name /console" /console
  measure "$name /console/review" /console/review
  measure "$name /console/review/{id}" "$(claim review)"
  measure "$name /console/moderation" /console/moderation
  measure "$name /console/moderation/{id}" "$(claim moderation)"
  measure "$name /console/dashboard (14 days per day)" /console/dashboard
  measure "$name /console/dashboard?group=hour (2 days)" "/console/dashboard?group=hour"
  measure "$name /console/dashboard?days=30 (30 days per day, appeals charted)" "/console/dashboard?group=day&days=30&queue=appeals"
  measure "$name /console/dashboard?group=month (12 months)" "/console/dashboard?group=month&days=365"
  COOKIE=$(sign_in ops)
  measure "$name /console/policy" /console/policy
  measure "$name /console/login" /console/login
  stop_server
}

run_backend sqlite "sqlite://$work/bench.db"
run_backend postgres "$pg_url"
