#!/usr/bin/env bash
# POST /v1/scan under load: requests/s and latency percentiles from wrk, on SQLite and PostgreSQL,
# with the shipped policy. Messages are typical marketplace chat; one in twenty (at random) carries
# a hit (profanity, a phone number, off-platform payment), so most verdicts allow and are written in
# batches, while the hits commit their violation, moderation item or sanction before answering.
#   benches/scan_http.sh [postgres-server-url]   (a database checkpoint_bench is created and dropped there)
#   PACE_MS=6 benches/scan_http.sh   each of 64 connections waits 6 ms between requests (about
#                                    10,000/s offered): latency at a given load, not at saturation
#   SHADOW=1 benches/scan_http.sh   each backend three times, side by side: as shipped, with a
#                                    candidate policy (the shipped one plus a term) in shadow mode,
#                                    and with shadow mode stopped again
# Prints one line per backend: the median of three 10 s runs by requests/s.
set -euo pipefail
cd "$(dirname "$0")/.."
. benches/wrk_common.sh

cat > "$work/scan.lua" <<'LUA'
local texts = {
  "안녕하세요 고수님, 견적 문의드립니다. 이번 주 토요일 오전 10시에 방문 가능하실까요?",
  "욕실 타일 교체 비용이 대략 얼마나 나올까요? 사진 몇 장 더 보내드릴게요",
  "네 확인했습니다. 자재비 포함해서 35만원입니다. 주차는 건물 뒤편에 하시면 됩니다",
  "혹시 당일 시공도 가능한가요? 에어컨 청소 두 대 부탁드려요",
  "도착 10분 전에 연락 주세요. 리뷰 꼭 남기겠습니다 감사합니다!",
  "이사 날짜가 11월 28일로 바뀌었어요, 견적서 확인 부탁드립니다 ^^",
  "벽걸이 하나 스탠드 하나입니다. 오후 3시 이후면 다 괜찮아요",
  "작업 끝나고 사진 보내드릴게요. 추가 비용은 없을까요?",
  "주말에도 작업 가능하신지 궁금합니다",
  "전기 배선까지 같이 봐주실 수 있나요?",
  "확인 감사합니다. 그럼 그날 뵙겠습니다",
  "가격 조정이 조금 가능할까요?",
  "현관 비밀번호는 당일에 알려드릴게요",
  "작업 시간은 대략 두 시간 정도 걸릴까요?",
  "이전 고객 후기 보고 연락드렸어요",
  "청소 범위는 주방이랑 거실입니다",
  "자재는 제가 미리 사두면 될까요?",
}
local hits = {
  "아 씨.발 진짜 늦네요",
  "010-1234-5678 로 문자 주세요",
  "수수료 없이 직거래 하시죠",
}
math.randomseed(os.time())
local pace = tonumber(os.getenv("PACE_MS") or "")
if pace then delay = function() return pace end end
local token = os.getenv("TOKEN")
local n = 0
request = function()
  n = n + 1
  local text = texts[math.random(#texts)]
  if math.random(20) == 1 then text = hits[math.random(#hits)] end
  local body = string.format('{"surface":"chat","user_id":"u%d","content_id":"c%d-%d","text":"%s"}',
    math.random(100000), math.random(1000000000), n, text)
  return wrk.format("POST", "/v1/scan", {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
end
LUA

# Proposes the shipped policy with one more term and puts it in shadow mode on the running server.
start_shadow() {
  local ops body id
  ops=$($bin token create --role ops --name bench-ops 2>/dev/null)
  body=$(python3 -c 'import json, re, sys
text = open("policies/marketplace.toml").read()
text = re.sub(r"^version = (\d+)", lambda m: "version = %d" % (int(m.group(1)) + 1), text, count=1, flags=re.M)
text = text.replace("\"닥쳐\", \"꺼져\"", "\"닥쳐\", \"꺼져\", \"바보\"", 1)
print(json.dumps({"source": text, "reason": "shadow bench"}))')
  id=$(curl -sf -H "Authorization: Bearer $ops" -H 'Content-Type: application/json' -d "$body" "http://$addr/v1/policies/proposals" | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
  curl -sf -X POST -H "Authorization: Bearer $ops" "http://$addr/v1/policies/proposals/$id/shadow" > /dev/null
}

stop_shadow() {
  local ops
  ops=$($bin token create --role ops --name bench-ops 2>/dev/null)
  curl -sf -H "Authorization: Bearer $ops" "http://$addr/v1/policies/proposals" \
    | python3 -c 'import json, sys; [print(p["id"]) for p in json.load(sys.stdin) if p.get("shadow") and not p["shadow"]["stopped_at"]]' \
    | while read -r id; do curl -sf -X DELETE -H "Authorization: Bearer $ops" "http://$addr/v1/policies/proposals/$id/shadow" > /dev/null; done
}

run_backend() {
  local name=$1 url=$2
  export DATABASE_URL=$url CHECKPOINT_PORT=0 CHECKPOINT_LOG_LEVEL=warn CHECKPOINT_FILES_DIR=$work/files
  measure_platform_route "$name POST /v1/scan" "$work/scan.lua"
  if [ -n "${SHADOW:-}" ]; then
    # Shadow between two runs without: the database grows from run to run.
    AFTER_START=start_shadow measure_platform_route "$name POST /v1/scan, shadow" "$work/scan.lua"
    AFTER_START=stop_shadow measure_platform_route "$name POST /v1/scan, after" "$work/scan.lua"
  fi
}

run_backend sqlite "sqlite://$work/bench.db"
run_backend postgres "$pg_url"
