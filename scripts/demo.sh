#!/usr/bin/env bash
# A full sync without a Clerk account: the simulator serves a generated instance on 127.0.0.1,
# baton-clerk syncs it into demo.c1z, and `inspect` shows what the file holds.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
users="${1:-5000}"
orgs="${2:-150}"
port="${DEMO_PORT:-5099}"
log="$(mktemp)"
dotnet build tests/Clerk.Simulator -c Release --nologo -v quiet -clp:ErrorsOnly
dotnet build src/Host -c Release --nologo -v quiet -clp:ErrorsOnly
dotnet tests/Clerk.Simulator/bin/Release/net10.0/BatonClerk.Simulator.dll --users "$users" --orgs "$orgs" --port "$port" --latency-ms 50 >"$log" 2>&1 &
sim=$!
trap 'kill $sim 2>/dev/null; rm -f "$log"' EXIT
until grep -q '^serving' "$log"; do
  kill -0 $sim 2>/dev/null || { cat "$log"; exit 1; }
  sleep 0.2
done
key="$(sed -n 's/^secret key: *//p' "$log")"
BATON_SECRET_KEY="$key" dotnet src/Host/bin/Release/net10.0/baton-clerk.dll \
  --clerk-api-url "http://127.0.0.1:$port/v1" --file demo.c1z --log-format console
dotnet src/Host/bin/Release/net10.0/baton-clerk.dll inspect demo.c1z stats
