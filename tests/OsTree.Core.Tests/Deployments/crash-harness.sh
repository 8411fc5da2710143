#!/bin/bash
# Runs the sysroot crash harness with more kills than CI does: ./crash-harness.sh [KILLS] (default 2000).
# Each kill SIGKILLs a process that deploys/undeploys/cleans up, then checks the boot configuration,
# ostree admin status and ostree fsck. Needs root and ostree.
set -euo pipefail
cd "$(dirname "$0")/../../.."
export OSTREE_NET_CRASH_ITERATIONS="${1:-2000}"
dotnet test --project tests/OsTree.Core.Tests -- --filter-class 'OsTree.Core.Tests.Deployments.SysrootCrashTests'
