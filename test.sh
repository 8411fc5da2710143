#!/usr/bin/env bash
# Runs every test of OsTree.NET. As root on Debian it first installs the real tools the tests use as oracles
# (ostree, btrfs-progs, rpm, dpkg-dev, libdpkg-dev, sqlite3, db5.3-util, nginx, attr, gcc); without root, tests that need
# root or a missing tool skip and say why.
# Ends with one line: "N passed, N failed, N skipped". Exit status is non-zero when anything failed.
set -uo pipefail
cd "$(dirname "$0")"

tools=(ostree attr btrfs-progs rpm sqlite3 db5.3-util dpkg-dev libdpkg-dev nginx gcc libc6-dev e2fsprogs util-linux)
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  missing=()
  for t in "${tools[@]}"; do dpkg-query -W -f='${Status}\n' "$t" 2>/dev/null | grep -q '^install ok installed' || missing+=("$t"); done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "test.sh: installing ${missing[*]}"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
      || echo "test.sh: could not install ${missing[*]}; the tests that need them will skip"
  fi
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet build OsTree.sln -c Release -nologo -clp:ErrorsOnly 2>&1 | tee -a "$log"
build=${PIPESTATUS[0]}
if [ "$build" != 0 ]; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

dotnet test --solution OsTree.sln -c Release --no-build --no-progress "$@" 2>&1 | tee -a "$log"
status=${PIPESTATUS[0]}

# Microsoft Testing Platform prints "total/failed/succeeded/skipped" once for the whole run.
passed=$(grep -E '^\s*succeeded:\s*[0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')
failed=$(grep -E '^\s*failed:\s*[0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')
skipped=$(grep -E '^\s*skipped:\s*[0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')
passed=${passed:-0}; failed=${failed:-0}; skipped=${skipped:-0}
if [ "$status" != 0 ] && [ "$failed" = 0 ]; then
  # A test host that crashed or ran nothing counts as a failure even though no test reported one.
  failed=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
