#!/usr/bin/env bash
# Publishes the baton-clerk executable into the given directory. The Dockerfile and the publish
# test both run this script, so the image is built exactly the way the test checks.
# The output is framework-dependent: it needs the .NET 10 runtime (the runtime image provides it).
set -euo pipefail

out="${1:?usage: scripts/publish.sh <output-dir> [extra dotnet publish args...]}"
shift
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

dotnet publish "$root/src/Host/Host.csproj" \
  --configuration Release \
  --output "$out" \
  --nologo \
  -p:UseAppHost=true \
  "$@"

# Symbols are not needed at runtime; removing them here (rather than DebugType=none) keeps the
# build identical to a normal Release build, so an already-built tree publishes incrementally.
find "$out" -name '*.pdb' -delete

test -x "$out/baton-clerk"
