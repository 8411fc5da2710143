#!/bin/bash
# A fuzzing campaign with SharpFuzz + AFL++ (Debian: apt-get install afl++):
#   benchmarks/OsTree.Fuzz/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]      (default 60 s, every target)
# Builds the fuzz project into a scratch directory, instruments OsTree.Core.dll and OsTree.Packaging.dll there, seeds
# each target with its tests/corpus class, runs afl-fuzz, prints executions, and copies every crashing input into
# tests/corpus/CLASS/found-TARGET-SHA.* so that the corpus tests keep it as a regression test.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
seconds="${1:-60}"; shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(commit dirtree dirmeta filez-header gvariant rpm-header dpkg-status)
declare -A class=([commit]=gvariant/commit [dirtree]=gvariant/dirtree [dirmeta]=gvariant/dirmeta [filez-header]=gvariant/filez
                  [gvariant]=gvariant/commit [rpm-header]=rpm [dpkg-status]=dpkg)
declare -A ext=([rpm-header]=hdr [dpkg-status]=status)
work="${OSTREE_NET_FUZZ_DIR:-/var/tmp/ostree-net-fuzz}"
mkdir -p "$work"
command -v afl-fuzz >/dev/null || { echo "afl-fuzz is missing (apt-get install afl++)" >&2; exit 2; }
tools="$work/tools"
[ -x "$tools/sharpfuzz" ] || dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$tools" >/dev/null
rm -rf "$work/bin"
dotnet publish "$root/benchmarks/OsTree.Fuzz" -c Release -o "$work/bin" --nologo -v q
for dll in OsTree.Core.dll OsTree.Packaging.dll; do "$tools/sharpfuzz" "$work/bin/$dll"; done
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1
for t in "${targets[@]}"; do
  seeds="$work/seeds-$t"; out="$work/out-$t"
  rm -rf "$seeds" "$out"; mkdir -p "$seeds"
  cp "$root/tests/corpus/${class[$t]}/"* "$seeds/" 2>/dev/null || true
  printf 'seed' >"$seeds/plain"
  timeout --foreground $((seconds + 30)) afl-fuzz -V "$seconds" -t 5000 -m none -i "$seeds" -o "$out" -- \
    "$work/bin/OsTree.Fuzz" "$t" >"$work/afl-$t.log" 2>&1 || true
  stats="$out/default/fuzzer_stats"
  execs=$(awk -F': *' '/^execs_done/ {print $2}' "$stats" 2>/dev/null || echo 0)
  crashes=0
  for c in "$out"/default/crashes/id:*; do
    [ -e "$c" ] || continue
    sum=$(sha256sum "$c" | cut -c1-16)
    mkdir -p "$root/tests/corpus/${class[$t]}"
    cp "$c" "$root/tests/corpus/${class[$t]}/found-$t-$sum.${ext[$t]:-gvariant}"
    crashes=$((crashes + 1))
  done
  echo "$t: $execs executions, $crashes crashing inputs kept"
done
