#!/usr/bin/env bash
# Installs what KnowledgeHub needs on a fresh Debian machine that has only the .NET SDK, then restores.
# Sourced by scripts/run.sh ("app") and scripts/test.sh ("test"); safe to run again: it only adds what is missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODE="${1:-app}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else echo "Need root to run: $*" >&2; exit 1; fi
}

APT_UPDATED=0
apt_install() {
  if [ "$APT_UPDATED" -eq 0 ]; then
    say "apt-get update"
    as_root apt-get update -qq
    APT_UPDATED=1
  fi
  say "Installing Debian packages: $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required: https://learn.microsoft.com/dotnet/core/install/linux-debian" >&2; exit 1; }

# PostgreSQL server binaries for the private local cluster (only when no connection string is configured).
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 && ! command -v pg_ctl >/dev/null; then
  apt_install postgresql
fi

# Certificate PDFs draw names and titles in Latin, Bangla and Urdu with Debian's Noto fonts (Noto Sans, Noto Sans
# Bengali, Noto Naskh Arabic: all in fonts-noto-core); the app reads them from /usr/share/fonts, nothing is committed.
if [ ! -f /usr/share/fonts/truetype/noto/NotoSansBengali-Regular.ttf ] || [ ! -f /usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf ]; then
  apt_install fonts-noto-core
fi

# Browser tests drive Debian's Chromium through Playwright: no browser download.
if [ "$MODE" = "test" ] && [ ! -x /usr/bin/chromium ]; then
  apt_install chromium
fi

# Front-end packages come from npm at build time and are copied into wwwroot/lib (never committed).
APP="$ROOT/src/KnowledgeHub"
if ! command -v npm >/dev/null; then apt_install nodejs npm; fi
if [ ! -f "$APP/node_modules/.package-lock.json" ] || [ "$APP/package-lock.json" -nt "$APP/node_modules/.package-lock.json" ]; then
  say "npm ci (front-end packages)"
  (cd "$APP" && npm ci --no-audit --no-fund --loglevel=error)
fi
mkdir -p "$APP/wwwroot/lib/signalr"
cp -u "$APP/node_modules/@microsoft/signalr/dist/browser/signalr.min.js" "$APP/wwwroot/lib/signalr/"

# Marten's dependency chain asks for a package the reachable registry lacks; build our redirect package (see README).
FEED="$ROOT/eng/feed"
if [ ! -f "$FEED/Patched.DistributedLock.Postgres.1.3.3.nupkg" ]; then
  say "Packing the redirect package Patched.DistributedLock.Postgres"
  mkdir -p "$FEED"
  dotnet pack "$ROOT/eng/redirect-packages/Patched.DistributedLock.Postgres" -c Release -o "$FEED" --nologo -v q >/dev/null
fi

say "dotnet restore"
dotnet restore "$ROOT/KnowledgeHub.sln" --nologo -v q
