#!/usr/bin/env bash
# Whole-process: on a BTRFS filesystem (a loop device this script creates and removes), `otree admin deploy` of a
# commit that changes ~5% of the debootstrap tree, made as a snapshot of the previous deployment's subvolume plus the
# difference (the default backend on BTRFS), against `otree admin deploy --backend=hardlink` of the same commit (a
# full hard-link checkout, what libostree does) and against `ostree admin deploy` on a twin sysroot.
# Each round deploys the update next to the first deployment, times it, then undeploys it again.
# Needs root, btrfs-progs and the debootstrap fixture. Usage: benchmarks/compare-btrfs-deploy.sh [ROUNDS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/fixtures/lib.sh"
rounds=${1:-${ROUNDS:-5}}
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

truncate -s 6G "$work/image"
mkfs.btrfs -q -f "$work/image" >/dev/null 2>&1
dev=$(losetup --find --show "$work/image")
mkdir -p "$work/mnt"
mount "$dev" "$work/mnt"

tree="$work/mnt/tree"
cp -a "$rootfs" "$tree"
mkdir -p "$tree/usr/lib/modules/6.1.0-bench"
head -c 8M /dev/urandom >"$tree/usr/lib/modules/6.1.0-bench/vmlinuz"
mv "$tree/etc" "$tree/usr/etc"

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
echo "tree: $(find "$tree" | wc -l) entries, $(du -sh "$tree" | cut -f1); the update changes $changed of ${#files[@]} files"

"$otree" admin deploy --sysroot="$ours" --os=bench "$c1" >/dev/null
ostree admin deploy --sysroot="$theirs" --os=bench "$c1" 2> >(grep -v "^note:" >&2)
btrfs subvolume list "$work/mnt" | grep -q "ostree/deploy/bench/deploy/$c1.0" \
  || { echo "compare-btrfs-deploy: the first deployment is not a subvolume" >&2; exit 1; }

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -a snap hard ost
for r in $(seq "$rounds"); do
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
echo "load: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs"
s=$(median "${snap[@]}") h=$(median "${hard[@]}") o=$(median "${ost[@]}")
echo "5% update on BTRFS: snapshot $s s, hard-link checkout $h s, ostree admin deploy $o s"
echo "snapshot / hard-link = $(ratio "$s" "$h")   (target <= 0.25)"
echo "snapshot / ostree    = $(ratio "$s" "$o")"
