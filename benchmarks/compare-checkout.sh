#!/usr/bin/env bash
# Whole-process comparison, side by side in one run, of a hard-link checkout by
#   ours:   otree checkout --repo=REPO -U -H tree DEST
#   ostree: ostree checkout -U -H --repo=REPO tree DEST
#   cp -al: cp -al SOURCE DEST   (the same tree, hard-linked by coreutils: close to the floor of the syscalls)
# on the synthetic 200k-file tree and on the debootstrap root filesystem (when benchmarks/fixtures/debootstrap.sh
# can build it). Repositories are bare-user (MODE=…to change), written once by `ostree commit` and cached under
# $OSTREE_NET_CACHE. Each round runs the three tools in a rotating order on a warm page cache; the report gives the
# median wall time, the largest peak RSS (/usr/bin/time -v "Maximum resident set size"), and the ratios.
# Usage: benchmarks/compare-checkout.sh [ROUNDS]   (TREES="synthetic-200000 debootstrap" to choose trees)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
source "$here/fixtures/lib.sh"
rounds=${1:-${ROUNDS:-5}}
mode=${MODE:-bare-user}
cache=$(cache_dir)
if [ -z "${TREES:-}" ]; then
  TREES="synthetic-200000"
  if [ -f "$here/fixtures/debootstrap.sh" ] && { [ "$(id -u)" = 0 ] || [ -f "$cache/debootstrap-bookworm-minbase/.complete" ]; }; then
    TREES="$TREES debootstrap"
  fi
fi

# Ours is `otree checkout`, published with NativeAOT as it would be installed (fixtures/lib.sh: otree_bin; JIT=1
# for the JIT build); TOOL=PATH times another build of otree.
if [ -n "${TOOL:-}" ]; then tool=$TOOL build="given ($TOOL)"; else tool=$(otree_bin); build=$([ "${JIT:-0}" = 1 ] && echo JIT || echo NativeAOT); fi
[ -x "$tool" ] || { echo "compare-checkout: $tool was not built" >&2; exit 1; }

# The destinations live next to the repositories: hard links need the same filesystem.
work="$cache/checkout-compare.$$"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

run_one() { # LABEL DEST CMD...: prints "seconds kib"
  local label=$1 dest=$2; shift 2
  rm -rf "$dest"
  local out; out=$(mktemp)
  if ! /usr/bin/time -v -o "$out" "$@" >/dev/null 2>"$out.err"; then
    echo "compare-checkout: $label failed:" >&2; cat "$out.err" >&2; rm -f "$out" "$out.err"; exit 1
  fi
  local secs kib
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$out")
  kib=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out")
  rm -f "$out" "$out.err"
  echo "$secs $kib"
}

printf '%s\n' "checkout -U -H, whole process, $rounds rounds, $mode repositories, our tool $build, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
for tree in $TREES; do
  read -r src repo < <(bash "$here/checkout-fixtures.sh" "$tree" "$mode")
  entries=$(find "$src" -mindepth 1 | wc -l)
  declare -A T=() R=()
  tools=(ours ostree cp)
  for ((round = 0; round < rounds; round++)); do
    for ((k = 0; k < 3; k++)); do
      t=${tools[$(((round + k) % 3))]}
      dest="$work/$t"
      case $t in
        ours)   r=$(run_one ours "$dest" "$tool" checkout --repo="$repo" -U -H tree "$dest") ;;
        ostree) r=$(run_one ostree "$dest" ostree checkout -U -H --repo="$repo" tree "$dest") ;;
        cp)     r=$(run_one cp "$dest" cp -al "$src" "$dest") ;;
      esac
      T[$t]="${T[$t]:-} ${r% *}"
      R[$t]="${R[$t]:-} ${r#* }"
    done
  done
  # The three results must be the same tree (names and types), or the timing means nothing.
  for t in ours ostree; do
    if ! diff -q <(cd "$work/cp" && find . | sort) <(cd "$work/$t" && find . | sort) >/dev/null; then
      echo "compare-checkout: $t's checkout of $tree differs from cp -al's" >&2; exit 1
    fi
  done
  printf '\n%s (%s entries)\n' "$tree" "$entries"
  for t in ours ostree cp; do
    m=$(tr ' ' '\n' <<<"${T[$t]}" | grep . | median)
    peak=$(tr ' ' '\n' <<<"${R[$t]}" | grep . | sort -n | tail -1)
    printf '  %-7s median %7.3f s   peak RSS %7d KiB   runs:%s\n' "$t" "$m" "$peak" "${T[$t]}"
    eval "M_$t=$m"
  done
  printf '  ours / cp -al            = %s   (target <= 1.15)\n' "$(ratio "$M_ours" "$M_cp")"
  printf '  ours / ostree checkout   = %s   (target <= 0.60)\n' "$(ratio "$M_ours" "$M_ostree")"
  unset T R
done
