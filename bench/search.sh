#!/usr/bin/env bash
# Issue 4 benchmarks on this machine (2 cores):
#   1. the engine: index DOCS generated posts (default 1,000,000) with the app's analysis, mapping and writer settings,
#      then query p50/p99 per query class with a member's visibility filter on;
#   2. the app: APP_POSTS generated posts (default 1,000,000) written into PostgreSQL, the app's own rebuild timed over them;
#      write-to-findable under a steady posting load (RATE replies/s for LOAD_SECONDS s);
#      the search page end to end (wrk, rotating queries, signed out and signed in).
# Uses its own data folder and port; leaves nothing running.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/bootstrap.sh" app
command -v wrk >/dev/null || apt_install wrk
PORT="${PORT:-5097}"; URL="http://127.0.0.1:$PORT"; DURATION="${DURATION:-15}"; WARMUP="${WARMUP:-45}"
DOCS="${DOCS:-1000000}"; APP_POSTS="${APP_POSTS:-1000000}"; RATE="${RATE:-10}"; SECONDS_LOAD="${LOAD_SECONDS:-30}" # not SECONDS: bash counts the shell's own seconds in it
WORK="$(mktemp -d /tmp/kh-search-bench-XXXX)"; chmod 755 "$WORK"
APP="$ROOT/.build/bench-app"
BENCH="$ROOT/bench/KnowledgeHub.Bench/bin/Release/net10.0/KnowledgeHub.Bench.dll"

echo "==> Building (Release)" >&2
dotnet publish "$ROOT/src/KnowledgeHub/KnowledgeHub.csproj" -c Release -o "$APP" --no-restore --nologo -v q
dotnet build "$ROOT/bench/KnowledgeHub.Bench" -c Release --no-restore --nologo -v q >/dev/null

APP_PID=""
cleanup() {
  [ -n "$APP_PID" ] && { kill -TERM "$APP_PID" 2>/dev/null; wait "$APP_PID" 2>/dev/null || true; }
  [ -d "$WORK/postgres" ] && runuser -u postgres -- /usr/lib/postgresql/*/bin/pg_ctl -D "$WORK/postgres" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ "${SKIP_ENGINE:-}" != "1" ]; then
  echo "==> Engine: index $DOCS generated posts, then time queries" >&2
  dotnet "$BENCH" search-index "$WORK/engine" "$DOCS"
  dotnet "$BENCH" search-query "$WORK/engine" 2000
  rm -rf "$WORK/engine"
fi

export ASPNETCORE_ENVIRONMENT=Production LocalPostgres__Enabled=true LocalPostgres__DataDirectory="$WORK/postgres" \
  Database__ApplyChangesOnStart=true Email__Mode=Pickup Email__PickupDirectory="$WORK/mail" Admin__CreateOnFirstRun=false \
  Bench__Plaintext=true Security__AllowInsecureHttp=true Api__RequestsPerMinute=1000000 Account__FormPostsPerMinute=100000 \
  Forum__NewMemberDays=0 Forum__NewMemberPostsPerHour=100000 Search__IndexPath="$WORK/index" \
  Logging__LogLevel__Default=Warning \
  ASPNETCORE_URLS="$URL" Site__PublicUrl="$URL" Content__Path="$ROOT/content"

echo "==> App: $APP_POSTS generated posts into PostgreSQL" >&2
(cd "$APP" && dotnet KnowledgeHub.dll content import) >/dev/null
(cd "$APP" && dotnet KnowledgeHub.dll users add --email bench@example.org --name "Bench Writer" --password "nightly measurements only") >/dev/null
dotnet "$BENCH" search-populate "$APP_POSTS"

echo "==> App: start (its index is missing, so it rebuilds from PostgreSQL)" >&2
(cd "$APP" && exec env "Logging__LogLevel__KnowledgeHub.Infrastructure.Search=Information" dotnet KnowledgeHub.dll) > "$WORK/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 3600); do grep -q "Search index rebuilt" "$WORK/app.log" && break; sleep 1; done
grep -o "Search index rebuilt: [0-9]* documents in [0-9]* ms" "$WORK/app.log" | python3 -c '
import re, sys
line = sys.stdin.read(); docs, ms = map(int, re.findall(r"\d+", line)[:2])
print(f"app rebuild from PostgreSQL: {docs:,} documents in {ms/1000:.1f} s => {docs/(ms/1000):,.0f} docs/s")'
for _ in $(seq 1 120); do curl -sf "$URL/health/ready" >/dev/null && break; sleep 0.5; done

# A token for the API (the tokens page shows it once), and a thread to reply to.
JAR="$WORK/cookies"
form_token() { grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//'; }
T=$(curl -s -c "$JAR" "$URL/account/sign-in" | form_token)
curl -s -b "$JAR" -c "$JAR" -o /dev/null --data-urlencode "__RequestVerificationToken=$T" --data-urlencode "Email=bench@example.org" \
  --data-urlencode "Password=nightly measurements only" "$URL/account/sign-in"
T=$(curl -s -b "$JAR" "$URL/account/tokens" | form_token)
TOKEN=$(curl -s -b "$JAR" --data-urlencode "__RequestVerificationToken=$T" --data-urlencode "Name=bench" "$URL/account/tokens?handler=Create" \
  | grep -o 'kh_[A-Za-z0-9_-]*' | head -1)
THREAD=$(curl -s -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"title":"Write-to-findable measurements","body":"Replies below each carry one new word."}' "$URL/api/spaces/peer-learning/threads" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')

if [ -n "${KEEP:-}" ]; then # leave the app and its database running for experiments
  printf 'URL=%q\nTOKEN=%q\nTHREAD=%q\nWORK=%q\n' "$URL" "$TOKEN" "$THREAD" "$WORK" > "${KEEP}"
  trap - EXIT; echo "kept running (pid $APP_PID); settings in $KEEP" >&2; exit 0
fi

echo "==> Write-to-findable: $RATE replies/s for $SECONDS_LOAD s" >&2
dotnet "$BENCH" search-findable "$URL" "$TOKEN" "$THREAD" "$RATE" "$SECONDS_LOAD"

echo "==> Search page end to end, wrk -t2 -c16 -d${DURATION}s, rotating queries" >&2
cat > "$WORK/queries.lua" <<'LUA'
local queries = { "children", "parents", "community", "nutrition", "policy", "training", "teachers", "screening", "stunting",
  "home+visits", "mother+tongue", "school+readiness", "%22parenting+sessions%22", "early+learning", "budget", "curriculum",
  "volunteers+district", "health+posts", "disability+inclusion", "coaching", "baseline+endline", "cash+transfers", "toys",
  "children+OR+parents+OR+community", "care+OR+health+OR+play", "train*", "grandparents", "breastfeeding", "radio+messages",
  "monitoring+visits", "licensing", "accreditation", "kindergarten", "workforce+salaries", "island", "mountain" }
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/search?q=" .. queries[(i % #queries) + 1])
end
LUA
COOKIE="kh.auth=$(awk '$6=="kh.auth"{print $7}' "$JAR")"
# CPU seconds the app (and its PostgreSQL) used so far: what a request costs whatever else the machine runs.
cpu_of() { awk -v tck="$(getconf CLK_TCK)" '{ s += ($14 + $15) / tck } END { printf "%.3f", s }' "$@" 2>/dev/null; }
app_cpu() { cpu_of "/proc/$APP_PID/stat"; }
db_cpu() { # this run's postmaster and its backends (the other clusters on the machine are left out)
  local main; main=$(pgrep -o -f -- "-D $WORK/postgres" || true)
  [ -n "$main" ] && cpu_of "/proc/$main/stat" $(pgrep -P "$main" | sed 's#.*#/proc/&/stat#') || echo 0
}
run() { # label, [cookie]; WARMUP seconds of the same load first, so the JIT has finished tiering the code up
  local out app0 db0 app1 db1 requests
  if [ -n "${2:-}" ]; then wrk -t2 -c16 -d"${WARMUP}s" -s "$WORK/queries.lua" -H "Cookie: $2" "$URL" >/dev/null; else wrk -t2 -c16 -d"${WARMUP}s" -s "$WORK/queries.lua" "$URL" >/dev/null; fi
  app0=$(app_cpu); db0=$(db_cpu)
  if [ -n "${2:-}" ]; then out=$(wrk -t2 -c16 -d"${DURATION}s" --latency -s "$WORK/queries.lua" -H "Cookie: $2" "$URL"); else out=$(wrk -t2 -c16 -d"${DURATION}s" --latency -s "$WORK/queries.lua" "$URL"); fi
  app1=$(app_cpu); db1=$(db_cpu)
  requests=$(echo "$out" | awk '/requests in/{print $1}')
  printf 'search page %-12s %10s req/s   p50 %8s   p99 %8s   non-2xx %s   (target p99 <= 60 ms)\n' "$1" \
    "$(echo "$out" | awk '/Requests\/sec/{print $2}')" "$(echo "$out" | awk '$1=="50%"{print $2}')" "$(echo "$out" | awk '$1=="99%"{print $2}')" \
    "$(echo "$out" | awk '/Non-2xx/{print $NF}')"
  python3 -c "import sys; a0,a1,d0,d1,n = map(float, sys.argv[1:]); print(f'             CPU per request: app {(a1-a0)/n*1000:.2f} ms, PostgreSQL {(d1-d0)/n*1000:.2f} ms ({n:.0f} requests)')" \
    "$app0" "$app1" "${db0:-0}" "${db1:-0}" "$requests"
}
wrk -t2 -c16 -d3s -s "$WORK/queries.lua" "$URL" >/dev/null # warm up
run "signed out"
run "signed in" "$COOKIE"
