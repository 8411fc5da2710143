#!/usr/bin/env bash
# Whole-process comparison of listing a large package database: our reader against `rpm -qa` and `dpkg-query -W`.
#
# Builds (once, cached under $OSTREE_NET_CACHE/packages, default /var/tmp/ostree-net-cache/packages):
#   - an rpm tree with 1,200 packages in usr/lib/sysimage/rpm/rpmdb.sqlite: one rpmbuild run of a spec with 1,200
#     subpackages (each owning three files), installed with `rpm -i --justdb` in one transaction;
#   - the same headers as a Berkeley DB Packages file (db5.3_load), for `rpm --define '_db_backend bdb_ro'`;
#   - a dpkg tree whose status file holds 1,500 installed stanzas shaped like Debian's (dependencies, conffiles,
#     multi-line descriptions, some Multi-Arch: same pairs).
# Then times, with hyperfine (whole process, output to /dev/null):
#   `otree db list --tree PATH` when the CLI has that verb; otherwise a tiny console program over the same library
#   call (PackageDatabase.Open(tree).ReadPackages()), published framework-dependent (JIT) and Native AOT.
# Usage: benchmarks/compare-packages.sh [--runs N]
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd .. && pwd)
source fixtures/lib.sh
runs=20
[ "${1:-}" = "--runs" ] && runs=$2

for tool in rpm rpmbuild dpkg-query sqlite3 db5.3_load hyperfine python3; do
  command -v $tool >/dev/null || { echo "compare-packages.sh: $tool is needed" >&2; exit 1; }
done

cache=$(cache_dir)/packages
mkdir -p "$cache"
RPMTREE=$cache/rpm-tree
BDBTREE=$cache/bdb-tree
DPKGTREE=$cache/dpkg-tree
NPKG=1200
NDEB=1500

if [ ! -f "$RPMTREE/usr/lib/sysimage/rpm/rpmdb.sqlite" ]; then
  echo "building $NPKG rpm packages (one rpmbuild run) ..." >&2
  work=$(mktemp -d)
  mkdir -p "$work/SPECS"
  python3 - "$work/SPECS/fx-many.spec" "$NPKG" <<'PY'
import sys
path, n = sys.argv[1], int(sys.argv[2])
with open(path, "w") as f:
    f.write("Name: fx-many\nVersion: 1.0\nRelease: 1\nSummary: many\nLicense: MIT\nBuildArch: noarch\n%description\nmany\n")
    for i in range(n):
        f.write(f"%package -n fx-pkg{i:04d}\nSummary: fixture package {i}\nVersion: {1 + i % 7}.{i % 13}.{i % 5}\nRelease: {1 + i % 3}.fx\n")
        if i % 4 == 0:
            f.write(f"Epoch: {i % 3}\n")
        f.write(f"%description -n fx-pkg{i:04d}\nFixture package number {i}, one of many.\n")
    f.write("%install\n")
    for i in range(n):
        f.write(f"mkdir -p %{{buildroot}}/usr/share/fx/{i:04d} && echo {i} > %{{buildroot}}/usr/share/fx/{i:04d}/a && echo {i} > %{{buildroot}}/usr/share/fx/{i:04d}/b\n")
    for i in range(n):
        f.write(f"%files -n fx-pkg{i:04d}\n%dir /usr/share/fx/{i:04d}\n/usr/share/fx/{i:04d}/a\n/usr/share/fx/{i:04d}/b\n")
PY
  rpmbuild --quiet -bb --define "_topdir $work" --define "_buildhost fixture" --define "_build_id_links none" \
    --define "__os_install_post %{nil}" "$work/SPECS/fx-many.spec"
  rm -rf "$RPMTREE.tmp" && mkdir -p "$RPMTREE.tmp"
  rpm --root "$RPMTREE.tmp" --dbpath /usr/lib/sysimage/rpm --initdb
  rpm --root "$RPMTREE.tmp" --dbpath /usr/lib/sysimage/rpm --force-debian --noplugins -i --justdb --nodeps --noscripts \
    "$work"/RPMS/noarch/fx-pkg*.rpm
  rm -rf "$work" "$RPMTREE" && mv "$RPMTREE.tmp" "$RPMTREE"
fi

if [ ! -f "$BDBTREE/var/lib/rpm/Packages" ]; then
  echo "loading the same headers into a Berkeley DB Packages file ..." >&2
  rm -rf "$BDBTREE" && mkdir -p "$BDBTREE/var/lib/rpm"
  {
    echo VERSION=3; echo format=bytevalue; echo type=hash; echo db_pagesize=4096; echo HEADER=END
    le() { printf '%08x' "$1" | sed -E 's/(..)(..)(..)(..)/\4\3\2\1/'; }
    echo " $(le 0)"; echo " $(le 99999)"
    sqlite3 "file:$RPMTREE/usr/lib/sysimage/rpm/rpmdb.sqlite?mode=ro&immutable=1" "select hnum, lower(hex(blob)) from Packages" |
      while IFS='|' read -r h b; do echo " $(le "$h")"; echo " $b"; done
    echo DATA=END
  } | db5.3_load "$BDBTREE/var/lib/rpm/Packages"
fi

if [ ! -f "$DPKGTREE/var/lib/dpkg/status" ]; then
  echo "writing a dpkg status file with $NDEB stanzas ..." >&2
  mkdir -p "$DPKGTREE/var/lib/dpkg/updates" "$DPKGTREE/var/lib/dpkg/info"
  python3 - "$DPKGTREE/var/lib/dpkg/status" "$NDEB" <<'PY'
import sys
path, n = sys.argv[1], int(sys.argv[2])
with open(path, "w") as f:
    i = 0
    while i < n:
        same = i % 50 == 0 and i + 1 < n
        for arch in (["amd64", "i386"] if same else ["amd64" if i % 3 else "all"]):
            f.write(f"Package: fx-deb{i:04d}\nStatus: install ok installed\nPriority: optional\nSection: libs\n")
            f.write(f"Installed-Size: {100 + i}\nMaintainer: Fixture Maintainers <fx@example.org>\nArchitecture: {arch}\n")
            if same:
                f.write("Multi-Arch: same\n")
            f.write(f"Source: fx-src{i // 3:04d} ({i % 5}.{i % 11}-{1 + i % 4})\n")
            epoch = f"{i % 3}:" if i % 7 == 0 else ""
            f.write(f"Version: {epoch}{1 + i % 9}.{i % 17}.{i % 4}+dfsg-{1 + i % 5}~deb12u{i % 3}\n")
            f.write(f"Depends: libc6 (>= 2.36), fx-deb{(i + 1) % n:04d} (= {1 + i % 9}.0), libfoo{i % 4} | libbar\n")
            f.write(f"Conffiles:\n /etc/fx/{i:04d}.conf 0123456789abcdef0123456789abcdef\n")
            f.write(f"Description: fixture package {i}\n This is a fixture package, number {i}.\n .\n It exists to make the status file realistic.\n")
            f.write("Homepage: https://example.org/fx\n\n")
            i += 1
PY
fi

echo "rpm tree:  $(rpm --root "$RPMTREE" --dbpath /usr/lib/sysimage/rpm -qa | wc -l) packages (sqlite), $(rpm --root "$BDBTREE" --dbpath /var/lib/rpm --define '_db_backend bdb_ro' -qa 2>/dev/null | wc -l) (bdb)"
echo "dpkg tree: $(dpkg-query --admindir="$DPKGTREE/var/lib/dpkg" -W | wc -l) packages"

# Our side: the CLI verb when it exists, else a tiny program over the same library call, JIT and Native AOT.
declare -a ours_labels ours_cmds
otree=$(otree_bin 2>/dev/null || true)
if [ -n "$otree" ] && [ -x "$otree" ] && [ -n "$("$otree" db list --tree "$DPKGTREE" 2>/dev/null | head -1)" ]; then
  ours_labels+=("otree db list"); ours_cmds+=("$otree db list --tree")
else
  echo "(otree has no 'db list' verb yet: timing the library through a minimal console program instead)" >&2
  app=$(mktemp -d)
  cat > "$app/pkglist.cs" <<CS
#:project $root/src/OsTree.Packaging/OsTree.Packaging.csproj
#:property InvariantGlobalization=true
using OsTree.Packaging;
using OsTree.Trees;
// pkglist --tree PATH: what 'otree db list --tree PATH' prints, one "name evr arch" line per package.
var db = PackageDatabase.Open(new DirectoryFileTree(args[1]));
using var output = new System.IO.StreamWriter(Console.OpenStandardOutput());
foreach (var p in db.ReadPackages())
{
    output.Write(p.Name); output.Write(' '); output.Write(p.Evr); output.Write(' '); output.WriteLine(p.Architecture);
}
CS
  dotnet publish "$app/pkglist.cs" -p:PublishAot=false -o "$app/jit" -nologo >/dev/null
  ours_labels+=("library (JIT)"); ours_cmds+=("dotnet $app/jit/pkglist.dll --tree")
  if dotnet publish "$app/pkglist.cs" -p:PublishAot=true -o "$app/aot" -nologo >/dev/null 2>&1; then
    ours_labels+=("library (Native AOT)"); ours_cmds+=("$app/aot/pkglist --tree")
  fi
fi

compare() { # label reference-command tree
  local label=$1 reference=$2 tree=$3
  echo
  echo "== $label"
  local args=(--style basic --warmup 3 --runs "$runs" --export-json "$cache/hyperfine.json" -n "$label: reference" "$reference")
  for i in "${!ours_labels[@]}"; do args+=(-n "$label: ${ours_labels[$i]}" "${ours_cmds[$i]} $tree"); done
  hyperfine "${args[@]}" >/dev/null
  python3 - "$cache/hyperfine.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
ref = results[0]["mean"]
ref_cpu = results[0]["user"] + results[0]["system"]
# Wall time is what a user waits for; CPU time (user + system) is steadier on a shared, loaded machine.
for r in results:
    cpu = r["user"] + r["system"]
    print(f"  {r['command'].split(': ', 1)[1]:<24} wall {r['mean'] * 1000:8.1f} ms ± {r['stddev'] * 1000:6.1f} (ref/this {ref / r['mean']:.2f})"
          f"   cpu {cpu * 1000:7.1f} ms (ref/this {ref_cpu / cpu:.2f})")
PY
}

compare "rpm sqlite ($NPKG)" "rpm --root $RPMTREE --dbpath /usr/lib/sysimage/rpm -qa" "$RPMTREE"
compare "rpm bdb ($NPKG)" "rpm --root $BDBTREE --dbpath /var/lib/rpm --define '_db_backend bdb_ro' -qa" "$BDBTREE"
compare "dpkg ($NDEB)" "dpkg-query --admindir=$DPKGTREE/var/lib/dpkg -W" "$DPKGTREE"
