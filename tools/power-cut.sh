#!/bin/bash
# Long runs of the power-cut simulation (CI copies the disk 6 times): tools/power-cut.sh [POINTS] (default 200).
# The repository crash scene runs on ext4 on a loop device; at random moments the image file is copied while mounted,
# then each copy is e2fsck'd, mounted and checked (see docs/robustness.md). Needs root, ostree, nginx, e2fsprogs.
set -euo pipefail
cd "$(dirname "$0")/.."
report="$(mktemp)"
trap 'rm -f "$report"' EXIT
dotnet build tests/OsTree.Core.Tests -c Release -v q --nologo
OSTREE_NET_CRASH_REPORT="$report" OSTREE_NET_POWERCUT_POINTS="${1:-200}" \
  dotnet test --project tests/OsTree.Core.Tests -c Release --no-build -- --filter-class 'OsTree.Core.Tests.Repositories.PowerCutTests'
cat "$report"
