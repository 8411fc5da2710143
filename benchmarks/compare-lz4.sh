#!/usr/bin/env bash
# Unpack speed of the opt-in LZ4 archive against libostree's deflate archive, whole process, same tree, same run:
# the debootstrap tree (benchmarks/fixtures/debootstrap.sh) is committed by `otree` into an archive repository of
# each compression, then hyperfine times `otree checkout -U` (every content object inflated and written out) and
# `otree fsck` (every object inflated and re-hashed) on each. Prints the repository sizes and hyperfine's tables.
# Needs otree's Release build, hyperfine, and the debootstrap tree (root to build it once; cached afterwards).
# Usage: benchmarks/compare-lz4.sh   Environment: RUNS (default 5), OSTREE_NET_CACHE.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
command -v hyperfine >/dev/null || { echo "compare-lz4.sh: needs hyperfine" >&2; exit 77; }
rootfs=$(benchmarks/fixtures/debootstrap.sh)
source benchmarks/fixtures/lib.sh
otree=$(otree_bin)  # NativeAOT, as installed; JIT=1 for the ordinary build
work=$(mktemp -d /var/tmp/compare-lz4.XXXXXX)
trap 'rm -rf "$work"' EXIT
for c in deflate lz4; do
  $otree init --repo="$work/$c" --mode=archive --compression=$c
  $otree commit --repo="$work/$c" -b tree -s bench --timestamp=@0 "$rootfs" >/dev/null
done
[ "$($otree rev-parse --repo="$work/deflate" tree)" = "$($otree rev-parse --repo="$work/lz4" tree)" ]
echo "Tree: $rootfs ($(find "$rootfs" -type f | wc -l) files, $(du -sh "$rootfs" | cut -f1)); objects: deflate $(du -sh "$work/deflate/objects" | cut -f1), lz4 $(du -sh "$work/lz4/objects" | cut -f1)"
hyperfine --style basic --runs "$runs" --warmup 1 \
  --prepare "rm -rf $work/co" -n "checkout deflate" "$otree checkout --repo=$work/deflate -U tree $work/co" \
  --prepare "rm -rf $work/co" -n "checkout lz4" "$otree checkout --repo=$work/lz4 -U tree $work/co"
hyperfine --style basic --runs "$runs" --warmup 1 \
  -n "fsck deflate" "$otree fsck --repo=$work/deflate" \
  -n "fsck lz4" "$otree fsck --repo=$work/lz4"
