#!/bin/bash
# Long runs of the crash harnesses (CI runs 100 sysroot kills and 200 repository kills):
#   tools/crash-harness.sh [REPO_KILLS] [SYSROOT_KILLS]      (defaults 2000 and 1000; 0 skips one)
# The repository harness SIGKILLs a worker that commits, checks out, prunes, pulls locally and pulls over HTTP; the
# sysroot harness one that deploys, undeploys and cleans up. After every kill both check their invariants with the
# library and with ostree (see docs/robustness.md). Needs root, ostree and nginx. Prints the kill counts at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
repo_kills="${1:-2000}"
sysroot_kills="${2:-1000}"
report="$(mktemp)"
trap 'rm -f "$report"' EXIT
dotnet build tests/OsTree.Core.Tests -c Release -v q --nologo
export OSTREE_NET_CRASH_REPORT="$report"
if [ "$repo_kills" -gt 0 ]; then
  OSTREE_NET_REPO_CRASH_ITERATIONS="$repo_kills" dotnet test --project tests/OsTree.Core.Tests -c Release --no-build -- \
    --filter-class 'OsTree.Core.Tests.Repositories.RepositoryCrashTests'
fi
if [ "$sysroot_kills" -gt 0 ]; then
  OSTREE_NET_CRASH_ITERATIONS="$sysroot_kills" dotnet test --project tests/OsTree.Core.Tests -c Release --no-build -- \
    --filter-class 'OsTree.Core.Tests.Deployments.SysrootCrashTests'
fi
cat "$report"
