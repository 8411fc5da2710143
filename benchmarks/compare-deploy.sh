#!/usr/bin/env bash
# Whole-process comparison, same run: `otree admin deploy` vs `ostree admin deploy` of the Debian minbase root
# filesystem (debootstrap, cached) into twin sysroots that hold the same bare repository and commit.
# Two cases per round:
#   first   - the first deployment of the stateroot (checkout + /etc copy + boot entries + syncs)
#   update  - a second commit that changes ~5% of the files, deployed over the first (merge of /etc, cleanup, prune)
# Each round copies a prepared sysroot pair (untimed), then times each tool in a rotating order.
# Needs root (deployments are root-owned and immutable). Usage: benchmarks/compare-deploy.sh [ROUNDS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/fixtures/lib.sh"
rounds=${1:-${ROUNDS:-3}}
[ "$(id -u)" = 0 ] || { echo "compare-deploy: needs root" >&2; exit 77; }
otree=$(otree_bin)
cache=$(cache_dir)
rootfs=$("$here/fixtures/debootstrap.sh")
work=$(mktemp -d /var/tmp/compare-deploy.XXXXXX)
cleanup() {
  # Deployment directories are immutable; clear the flag before deleting.
  find "$work" -maxdepth 6 -type d -path '*/deploy/*' -exec chattr -i {} + 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# The image: the rootfs with a kernel where libostree looks for one, and /etc moved to usr/etc as image builders do.
tree="$work/tree"
cp -a "$rootfs" "$tree"
mkdir -p "$tree/usr/lib/modules/6.1.0-bench"
head -c 8M /dev/urandom >"$tree/usr/lib/modules/6.1.0-bench/vmlinuz"
head -c 16M /dev/urandom >"$tree/usr/lib/modules/6.1.0-bench/initramfs.img"
mv "$tree/etc" "$tree/usr/etc"

seed="$work/seed"
mkdir -p "$seed"
ostree admin init-fs "$seed" >/dev/null
ostree admin os-init --sysroot="$seed" bench >/dev/null
c1=$(ostree commit --repo="$seed/ostree/repo" -b bench -s v1 "$tree")
# ~5% of the regular files rewritten (every 20th in a stable order), plus the same kernel.
mapfile -t files < <(cd "$tree" && find usr -type f -size +0 ! -path 'usr/lib/modules/*' | sort)
changed=0
for ((i = 0; i < ${#files[@]}; i += 20)); do
  printf 'changed %d\n' "$i" >>"$tree/${files[$i]}"
  changed=$((changed + 1))
done
c2=$(ostree commit --repo="$seed/ostree/repo" -b bench -s v2 "$tree")
echo "tree: $(find "$tree" | wc -l) entries, $(du -sh "$tree" | cut -f1); update changes $changed of ${#files[@]} files"

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -a of ou xf xu
for r in $(seq "$rounds"); do
  for tool in ostree otree; do cp -a "$seed" "$work/$tool"; done
  sync
  order=(ostree otree); [ $((r % 2)) = 0 ] && order=(otree ostree)
  for tool in "${order[@]}"; do
    bin=ostree; [ "$tool" = otree ] && bin=$otree
    measure "$tool first (round $r)" "$bin" admin deploy --sysroot="$work/$tool" --os=bench "$c1"
  done
  for tool in "${order[@]}"; do
    bin=ostree; [ "$tool" = otree ] && bin=$otree
    measure "$tool update (round $r)" "$bin" admin deploy --sysroot="$work/$tool" --os=bench "$c2"
  done
  diff <(ostree admin status --sysroot="$work/ostree") <(ostree admin status --sysroot="$work/otree") >/dev/null \
    || { echo "compare-deploy: the two sysroots differ after round $r" >&2; exit 1; }
  of+=("${TIMES["ostree first (round $r)"]}"); xf+=("${TIMES["otree first (round $r)"]}")
  ou+=("${TIMES["ostree update (round $r)"]}"); xu+=("${TIMES["otree update (round $r)"]}")
  for tool in ostree otree; do
    find "$work/$tool/ostree/deploy" -maxdepth 3 -type d -path '*/deploy/*' -exec chattr -i {} +
    rm -rf "${work:?}/$tool"
  done
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs"
mo=$(median "${of[@]}") mx=$(median "${xf[@]}")
echo "first deploy:  ostree $mo s, otree $mx s; otree/ostree = $(ratio "$mx" "$mo")"
mo=$(median "${ou[@]}") mx=$(median "${xu[@]}")
echo "update deploy: ostree $mo s, otree $mx s; otree/ostree = $(ratio "$mx" "$mo")"
