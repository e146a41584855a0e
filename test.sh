#!/usr/bin/env bash
# Builds the solution, runs every test project and prints one summed closing line.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

# The Prism contract mock (tests/prism) is an npm package; install it once.
if [[ -f tests/prism/package.json && ! -x tests/prism/node_modules/.bin/prism ]]; then
  (cd tests/prism && npm ci --no-audit --no-fund --loglevel=error)
fi

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

dotnet build Engine.sln -c Release --nologo -v quiet -clp:ErrorsOnly
set +e
dotnet test Engine.sln -c Release --no-build --nologo --logger "trx" --results-directory "$results" "$@"
status=$?
set -e

python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    passed += int(c.get("passed", 0))
    failed += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
    skipped += int(c.get("notExecuted", 0))
line = f"Tests: {passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
PY
if [[ $status -ne 0 ]]; then
  exit $status
fi
