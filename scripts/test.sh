#!/usr/bin/env bash
# Runs every test: installs what is missing, builds, and runs the suite against a private PostgreSQL cluster that the
# tests start themselves (and remove afterwards). Ends with one line: "Tests: N passed, N failed".
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RESULTS="$ROOT/.build/test-results"
summary() { # counted from the TRX files the runner wrote, never assumed
  python3 - "$RESULTS" <<'PY'
import sys, glob, xml.etree.ElementTree as ET
passed = failed = 0
for f in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(f).getroot().find("{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}ResultSummary/{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}Counters")
    if c is not None:
        passed += int(c.get("passed", 0)); failed += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
print(f"Tests: {passed} passed, {failed} failed")
PY
}

source "$ROOT/scripts/bootstrap.sh" test || { echo "Set-up failed"; echo "Tests: 0 passed, 0 failed"; exit 1; }
rm -rf "$RESULTS"
echo "==> Building" >&2
if ! dotnet build "$ROOT/KnowledgeHub.sln" -c Release --no-restore --nologo -v q; then
  echo "Build failed"; echo "Tests: 0 passed, 0 failed"; exit 1
fi
echo "==> Testing" >&2
dotnet test "$ROOT/KnowledgeHub.sln" -c Release --no-build --nologo \
  --results-directory "$RESULTS" --logger "trx" --logger "console;verbosity=normal" \
  --blame-hang-timeout 10m "$@"
status=$?
summary
exit $status
