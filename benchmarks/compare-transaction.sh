#!/usr/bin/env bash
# Working-tree preparation of `otree admin transaction`: a BTRFS snapshot against the copy every other filesystem gets,
# for the same Debian minbase deployment (benchmarks/fixtures/debootstrap.sh). Two sysroots are made with the real
# ostree (one on a loop-mounted btrfs, one in $TMPDIR), the btrfs one's deployment made a subvolume by a first
# transaction; then `otree admin transaction --dry-run --json -- true` runs ROUNDS times on each. The report gives the
# median preparation time the tool measures (snapshot or copy, plus the /etc swap) and the median whole-process wall
# time (start-up, preparation, package and space preview, discard), and both ratios. Needs root.
# Usage: benchmarks/compare-transaction.sh [ROUNDS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
rounds=${1:-${ROUNDS:-3}}
[ "$(id -u)" = 0 ] || { echo "compare-transaction: needs root" >&2; exit 77; }
rootfs=$("$here/fixtures/debootstrap.sh")
dotnet build "$root/samples/OsTree.Cli" -c Release -nologo -clp:ErrorsOnly >&2
otree=(dotnet "$root/artifacts/bin/OsTree.Cli/release/otree.dll")

work=$(mktemp -d "${TMPDIR:-/tmp}/compare-transaction.XXXXXX")
loop=
cleanup() {
  mountpoint -q "$work/btrfs" && umount "$work/btrfs"
  [ -n "$loop" ] && losetup -d "$loop"
  find "$work" -maxdepth 8 -type d -path '*/deploy/*/deploy/*' -exec chattr -i {} + 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

tree="$work/tree"
cp -al "$rootfs" "$tree"
mv "$tree/etc" "$tree/usr/etc"
mkdir -p "$tree/usr/lib/modules/6.1.0-bench"
echo kernel > "$tree/usr/lib/modules/6.1.0-bench/vmlinuz"
ostree init --repo="$work/repo" --mode=bare
ostree commit --repo="$work/repo" -b debian/stable -s base --tree=dir="$tree" >/dev/null

truncate -s 2G "$work/btrfs.img"
mkfs.btrfs -q -f "$work/btrfs.img"
loop=$(losetup --find --show "$work/btrfs.img")
mkdir -p "$work/btrfs"
mount "$loop" "$work/btrfs"

make_sysroot() {
  local s=$1
  mkdir -p "$s"
  ostree admin init-fs "$s" >/dev/null
  ostree admin os-init --sysroot="$s" debian >/dev/null
  ostree pull-local --repo="$s/ostree/repo" "$work/repo" debian/stable >/dev/null
  ostree admin deploy --sysroot="$s" --os=debian debian/stable >/dev/null 2>&1
}
make_sysroot "$work/btrfs/sysroot"
make_sysroot "$work/plain/sysroot"
# The deployment ostree made is hard-linked; one transaction redeploys it as a subvolume (BtrfsDeploymentBackend).
"${otree[@]}" admin transaction --sysroot="$work/btrfs/sysroot" --yes -- true >/dev/null 2>&1

measure() {
  local s=$1
  for _ in $(seq "$rounds"); do
    local start end
    start=$(date +%s.%N)
    out=$("${otree[@]}" admin transaction --sysroot="$s" --dry-run --json -- true 2>/dev/null)
    end=$(date +%s.%N)
    python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(d["workingTree"], d["preparationSeconds"], float(sys.argv[3]) - float(sys.argv[2]))' "$out" "$start" "$end"
  done
}
{
  echo "btrfs $(measure "$work/btrfs/sysroot" | tr '\n' '|')"
  echo "plain $(measure "$work/plain/sysroot" | tr '\n' '|')"
} | python3 -c '
import statistics, sys
rows = {}
for line in sys.stdin:
    name, rest = line.split(" ", 1)
    runs = [r.rsplit(" ", 2) for r in rest.strip().strip("|").split("|")]
    rows[name] = (runs[0][0], statistics.median(float(r[1]) for r in runs), statistics.median(float(r[2]) for r in runs))
for name, (kind, prep, wall) in rows.items():
    print(f"{name:6} {kind:15} preparation {prep:8.3f} s   whole process {wall:7.2f} s")
b, p = rows["btrfs"], rows["plain"]
print(f"ratio snapshot/copy: preparation {b[1] / p[1]:.3f}, whole process {b[2] / p[2]:.3f}")
'
echo "load: $(cut -d" " -f1-3 /proc/loadavg)"
