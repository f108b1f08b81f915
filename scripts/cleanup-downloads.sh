#!/usr/bin/env bash
# Deletes Peerwatch downloads nothing has used for a while; safe to run from cron beside a running
# Peerwatch (torrents it has open are kept). Arguments go to `peerwatch cleanup`, e.g.:
#   17 * * * *  /path/to/peerwatch/scripts/cleanup-downloads.sh --older-than 24h
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLI="$ROOT/out/main/cli.js"
if [[ ! -f "$CLI" ]]; then
  echo "cleanup-downloads: $CLI is missing; run 'npm run build' in $ROOT first" >&2
  exit 1
fi
exec "${NODE:-node}" "$CLI" cleanup "$@"
