#!/usr/bin/env bash
# Whole-process comparison: `otree commit` vs `ostree commit` on the same trees, same run, bare-user mode.
# Trees: a Debian minbase root filesystem (debootstrap, cached; root only) and a synthetic 50k-file tree.
# Each command runs against a fresh repository; one untimed warm-up per tree fills the page cache for both.
# Prints per-run times, peak memory, the medians of RUNS runs and the ratio ostree/otree (higher = otree faster).
# FS=loop (root only) puts the repositories on a fresh ext4 with a journal (mkfs.ext4 defaults, 8 GiB sparse image
# on a loop device, removed on exit) instead of /var/tmp: this project's VMs format their disk without a journal, and
# there every inode allocation scans past the inodes deleted in the last minutes (ext4's recently_deleted check,
# only made without a journal), which made both tools' times swing 2x with whatever ran before.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/fixtures/lib.sh"
RUNS=${RUNS:-3}
MODE=${MODE:-bare-user}
otree=$(otree_bin)
cache=$(cache_dir)
trees=()
if [ "$(id -u)" = 0 ] && rootfs=$("$here/fixtures/debootstrap.sh" 2>/dev/null); then trees+=("debootstrap=$rootfs"); fi
"$here/fixtures/synthetic-tree.sh" 50000 "$cache/synthetic-50k"
trees+=("synthetic-50k=$cache/synthetic-50k")
work=$(mktemp -d /var/tmp/compare-commit.XXXXXX)
loopdev=
cleanup() {
  if [ -n "$loopdev" ]; then umount "$work" 2>/dev/null || umount -l "$work"; losetup -d "$loopdev" 2>/dev/null || true; rm -f "$work.img"; fi
  rm -rf "$work"
}
trap cleanup EXIT
if [ "${FS:-}" = loop ]; then
  truncate -s 8G "$work.img"
  mkfs.ext4 -q -F "$work.img"
  loopdev=$(losetup --find --show "$work.img")
  mount "$loopdev" "$work"
  echo "repositories on a fresh ext4 with a journal ($loopdev)"
fi
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for entry in "${trees[@]}"; do
  name=${entry%%=*} tree=${entry#*=}
  echo "== $name ($(find "$tree" -type f | wc -l) files, $(du -sh "$tree" | cut -f1)), mode $MODE"
  ostree init --repo="$work/warm" --mode="$MODE"; ostree commit --repo="$work/warm" -b w "$tree" >/dev/null; rm -rf "$work/warm"
  o=() x=()
  for i in $(seq "$RUNS"); do
    ostree init --repo="$work/o$i" --mode="$MODE"
    sync  # Neither tool pays for the other's writeback: both commit ends with a sync of the whole filesystem.
    measure "ostree commit (run $i)" ostree commit --repo="$work/o$i" -b bench -s bench --timestamp=@1577836800 "$tree"
    o+=("${TIMES["ostree commit (run $i)"]}")
    rm -rf "$work/o$i"
    "$otree" init --repo="$work/x$i" --mode="$MODE"
    sync
    measure "otree commit (run $i)" "$otree" commit --repo="$work/x$i" -b bench -s bench --timestamp=@1577836800 "$tree"
    x+=("${TIMES["otree commit (run $i)"]}")
    rm -rf "$work/x$i"
  done
  mo=$(median "${o[@]}") mx=$(median "${x[@]}")
  echo "  median: ostree $mo s, otree $mx s; otree is $(ratio "$mo" "$mx")x faster"
done
