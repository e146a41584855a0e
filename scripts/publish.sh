#!/usr/bin/env bash
# Publishes the baton-clerk executable into the given directory. The Dockerfile and the publish
# test both run this script, so the image is built exactly the way the test checks.
# The output is framework-dependent: it needs the .NET 10 runtime (the runtime image provides it).
# It is compiled ahead of time (ReadyToRun) for this machine's architecture: the connector's and its packages' code
# no longer waits for the JIT, so a small sync ends in about 1.9 s instead of 2.6-3.1 s (docs/perf-issue15.md, round 5).
set -euo pipefail

out="${1:?usage: scripts/publish.sh <output-dir> [extra dotnet publish args...]}"
shift
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
case "$(uname -m)" in
  x86_64) rid=linux-x64 ;;
  aarch64 | arm64) rid=linux-arm64 ;;
  *) echo "publish.sh: no ReadyToRun target for $(uname -m)" >&2; exit 2 ;;
esac

dotnet publish "$root/src/Host/Host.csproj" \
  --configuration Release \
  --output "$out" \
  --nologo \
  -p:UseAppHost=true \
  --runtime "$rid" \
  --self-contained false \
  -p:PublishReadyToRun=true \
  "$@"

# Symbols are not needed at runtime; removing them here (rather than DebugType=none) keeps the
# build identical to a normal Release build, so an already-built tree publishes incrementally.
find "$out" -name '*.pdb' -delete

test -x "$out/baton-clerk"
