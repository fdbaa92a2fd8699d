#!/usr/bin/env bash
# Measures the run command's cold start to the first 200 on "/": once with a fresh cluster (initdb included) and once
# with the cluster already created. Build time is reported apart. Uses its own data folder and port; cleans up.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="$(mktemp -d /tmp/kh-bench-XXXX)"; chmod 755 "$DATA"
PORT="${PORT:-5099}"
URL="http://127.0.0.1:$PORT"

start=$(date +%s.%N)
"$ROOT/scripts/bootstrap.sh" app >/dev/null 2>&1
dotnet publish "$ROOT/src/KnowledgeHub/KnowledgeHub.csproj" -c Release -o "$ROOT/.build/app" --no-restore --nologo -v q >/dev/null
build=$(awk "BEGIN{print $(date +%s.%N) - $start}")

measure() { # one start of the run command, timed to the first 200 on /, then a clean stop
  local t0 pid code=000
  t0=$(date +%s.%N)
  KH_URL="$URL" KH_DATA="$DATA/postgres" "$ROOT/scripts/run.sh" >"$DATA/run-$1.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$URL/" || true)
    [ "$code" = 200 ] && break
    sleep 0.1
  done
  local elapsed; elapsed=$(awk "BEGIN{print $(date +%s.%N) - $t0}")
  kill -TERM "$pid"; wait "$pid" || true
  local running=no; [ -f "$DATA/postgres/postmaster.pid" ] && running=yes
  printf '%-28s %6.2f s to first 200 (status %s); cluster still running after stop: %s\n' "$1" "$elapsed" "$code" "$running"
}

echo "build (publish, Release): $(printf '%.2f' "$build") s"
measure "fresh cluster (initdb)"
measure "existing cluster"
measure "existing cluster (again)"
rm -rf "$DATA"
