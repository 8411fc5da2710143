#!/usr/bin/env bash
# Whole-process: on a BTRFS filesystem (a loop device this script creates and removes), `otree admin deploy` of a
# commit that changes ~5% of the debootstrap tree, made as a snapshot of the previous deployment's subvolume plus the
# difference (the default backend on BTRFS), against `otree admin deploy --backend=hardlink` of the same commit (a
# full hard-link checkout, what libostree does) and against `ostree admin deploy` on a twin sysroot.
# Each round deploys the update next to the first deployment, times it, then undeploys it again.
# EXTRA_FILES=N (default 0) enlarges the tree before the first commit with N more files under /usr/share/bench
# (fixtures/synthetic-tree.sh: small-file-heavy sizes, nested directories, 5% symlinks), to see how the three scale on
# a tree the size of a desktop distribution's root (150k-300k files); the update still changes every 20th file.
# EXTRA_DEPTH (default 5) caps their directory nesting below /usr/share/bench, so that paths are as deep as in a real
# /usr/share (0: the fixture's unbounded nesting, ~35 components at 150k files).
# IMAGE_SIZE (truncate's syntax) sizes the loop image; by default 6G plus 64 KiB per extra file.
# WAIT_LOAD=L makes each round wait (up to 10 minutes) until the 1-minute load average is below L: on a shared machine
# the setup of a large tree can overlap other jobs, the timings should not.
# PROFILE=DIR: after the timed rounds, one more snapshot and hard-link deploy each under `strace -f -ttt` and under
# `perf record -g` (files in DIR; perf report needs the same otree binary).
# Needs root, btrfs-progs and the debootstrap fixture. Usage: benchmarks/compare-btrfs-deploy.sh [ROUNDS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/fixtures/lib.sh"
rounds=${1:-${ROUNDS:-5}}
extra=${EXTRA_FILES:-0} extra_depth=${EXTRA_DEPTH:-5}
[[ $extra =~ ^[0-9]+$ && $extra_depth =~ ^[0-9]+$ ]] \
  || { echo "compare-btrfs-deploy: EXTRA_FILES and EXTRA_DEPTH must be numbers" >&2; exit 2; }
# The synthetic files average ~20 KiB; the tree, our repository and the twin's (hard links of ours, where pull-local
# can) hold them about three times over.
image_size=${IMAGE_SIZE:-$((6 * 1024 + extra / 16))M}
[ "$(id -u)" = 0 ] || { echo "compare-btrfs-deploy: needs root" >&2; exit 77; }
command -v mkfs.btrfs >/dev/null || { echo "compare-btrfs-deploy: install btrfs-progs" >&2; exit 77; }
otree=$(otree_bin)
rootfs=$("$here/fixtures/debootstrap.sh")
work=$(mktemp -d /var/tmp/compare-btrfs-deploy.XXXXXX)
dev=""
cleanup() {
  if mountpoint -q "$work/mnt" 2>/dev/null; then
    find "$work/mnt" -maxdepth 6 -type d -path '*/deploy/*' -exec chattr -i {} + 2>/dev/null || true
    umount "$work/mnt" || umount -l "$work/mnt"
  fi
  [ -n "$dev" ] && losetup -d "$dev" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

truncate -s "$image_size" "$work/image"
mkfs.btrfs -q -f "$work/image" >/dev/null 2>&1
dev=$(losetup --find --show "$work/image")
mkdir -p "$work/mnt"
mount "$dev" "$work/mnt"

tree="$work/mnt/tree"
cp -a "$rootfs" "$tree"
mkdir -p "$tree/usr/lib/modules/6.1.0-bench"
head -c 8M /dev/urandom >"$tree/usr/lib/modules/6.1.0-bench/vmlinuz"
mv "$tree/etc" "$tree/usr/etc"
if [ "$extra" -gt 0 ]; then
  "$here/fixtures/synthetic-tree.sh" "$extra" "$tree/usr/share/bench" "$extra_depth"
  rm "$tree/usr/share/bench/.complete"
fi

setup() { # SYSROOT: init-fs, os-init, returns nothing
  mkdir -p "$1"
  ostree admin init-fs "$1" >/dev/null
  ostree admin os-init --sysroot="$1" bench >/dev/null
}
ours="$work/mnt/ours" theirs="$work/mnt/theirs"
setup "$ours"; setup "$theirs"
c1=$(ostree commit --repo="$ours/ostree/repo" -b bench -s v1 "$tree")
mapfile -t files < <(cd "$tree" && find usr -type f -size +0 ! -path 'usr/lib/modules/*' | sort)
changed=0
for ((i = 0; i < ${#files[@]}; i += 20)); do
  printf 'changed %d\n' "$i" >>"$tree/${files[$i]}"
  changed=$((changed + 1))
done
c2=$(ostree commit --repo="$ours/ostree/repo" -b bench -s v2 "$tree")
ostree pull-local --repo="$theirs/ostree/repo" "$ours/ostree/repo" "$c1" "$c2" >/dev/null
for repo in "$ours" "$theirs"; do
  # Refs keep both commits through the cleanup (and prune) that every deploy and undeploy runs.
  ostree refs --repo="$repo/ostree/repo" --create=keep/v1 "$c1"
  ostree refs --repo="$repo/ostree/repo" --create=keep/v2 "$c2"
done
echo "tree: $(find "$tree" | wc -l) entries, $(find "$tree" -type f | wc -l) regular files ($extra synthetic entries)," \
  "$(du -sh "$tree" | cut -f1); the update changes $changed of the ${#files[@]} non-empty files under usr"

"$otree" admin deploy --sysroot="$ours" --os=bench "$c1" >/dev/null
ostree admin deploy --sysroot="$theirs" --os=bench "$c1" 2> >(grep -v "^note:" >&2)
btrfs subvolume list "$work/mnt" | grep -q "ostree/deploy/bench/deploy/$c1.0" \
  || { echo "compare-btrfs-deploy: the first deployment is not a subvolume" >&2; exit 1; }

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -a snap hard ost
wait_load() {
  [ -n "${WAIT_LOAD:-}" ] || return 0
  local i
  for ((i = 0; i < 120; i++)); do
    python3 -c "import sys; sys.exit(0 if float(open('/proc/loadavg').read().split()[0]) < float(sys.argv[1]) else 1)" \
      "$WAIT_LOAD" && return 0
    sleep 5
  done
  echo "compare-btrfs-deploy: load still $(cut -d' ' -f1 /proc/loadavg), measuring anyway" >&2
}
for r in $(seq "$rounds"); do
  wait_load
  echo "  load before round $r: $(cut -d' ' -f1-3 /proc/loadavg)"
  sync
  measure "otree snapshot (round $r)" "$otree" admin deploy --sysroot="$ours" --os=bench --retain "$c2"
  snap+=("${TIMES["otree snapshot (round $r)"]}")
  "$otree" admin undeploy --sysroot="$ours" 0 >/dev/null
  sync
  measure "otree hardlink (round $r)" "$otree" admin deploy --sysroot="$ours" --os=bench --retain --backend=hardlink "$c2"
  hard+=("${TIMES["otree hardlink (round $r)"]}")
  "$otree" admin undeploy --sysroot="$ours" 0 >/dev/null
  sync
  measure "ostree admin deploy (round $r)" ostree admin deploy --sysroot="$theirs" --os=bench --retain "$c2"
  ost+=("${TIMES["ostree admin deploy (round $r)"]}")
  ostree admin undeploy --sysroot="$theirs" 0 >/dev/null
done
if [ -n "${PROFILE:-}" ]; then
  mkdir -p "$PROFILE"
  for backend in snapshot hardlink; do
    args=(admin deploy --sysroot="$ours" --os=bench --retain)
    [ "$backend" = hardlink ] && args+=(--backend=hardlink)
    sync
    strace -f -ttt -o "$PROFILE/$backend.strace" "$otree" "${args[@]}" "$c2" >/dev/null
    "$otree" admin undeploy --sysroot="$ours" 0 >/dev/null
    sync
    perf record -q -g -o "$PROFILE/$backend.perf" "$otree" "${args[@]}" "$c2" >/dev/null 2>&1
    "$otree" admin undeploy --sysroot="$ours" 0 >/dev/null
  done
  echo "profiles in $PROFILE"
fi
echo "load: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs"
s=$(median "${snap[@]}") h=$(median "${hard[@]}") o=$(median "${ost[@]}")
echo "5% update on BTRFS: snapshot $s s, hard-link checkout $h s, ostree admin deploy $o s"
echo "snapshot / hard-link = $(ratio "$s" "$h")   (target <= 0.25)"
echo "snapshot / ostree    = $(ratio "$s" "$o")"
