#!/usr/bin/env bash
# Runs KnowledgeHub on http://127.0.0.1:5080 with everything it needs.
#   With no ConnectionStrings__Postgres set, a private PostgreSQL cluster is created in .data/postgres (first run) or
#   reused, on a free loopback port; content/ is imported; the first run creates an administrator and prints how to
#   sign in. Ctrl-C stops the app and then the cluster. Data stays in .data/ between runs.
# Settings (environment): KH_URL (default http://127.0.0.1:5080), KH_DATA (default .data/postgres),
#   ConnectionStrings__Postgres, Themes__Active, Site__Name, ... (see README).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/bootstrap.sh" app

echo "==> Building" >&2
dotnet publish "$ROOT/src/KnowledgeHub/KnowledgeHub.csproj" -c Release -o "$ROOT/.build/app" --no-restore --nologo -v q

export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export ASPNETCORE_URLS="${KH_URL:-http://127.0.0.1:5080}"
export LocalPostgres__DataDirectory="${KH_DATA:-${LocalPostgres__DataDirectory:-.data/postgres}}"
export Site__PublicUrl="${Site__PublicUrl:-$ASPNETCORE_URLS}"
cd "$ROOT/.build/app"
exec dotnet KnowledgeHub.dll --contentRoot "$ROOT/.build/app" "$@"
