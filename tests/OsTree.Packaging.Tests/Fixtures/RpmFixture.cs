using OsTree.TestSupport;

namespace OsTree.Packaging.Tests.Fixtures;

/// <summary>
/// rpm trees built once per test run with the real tools (packages.md §3): six noarch packages built with rpmbuild,
/// tree A (fx-hello 1.0, fx-epoch 2:0.5, fx-gone) and tree B (fx-hello 1.1, fx-epoch 1:0.9, fx-new) installed with
/// <c>rpm --root … --dbpath /usr/lib/sysimage/rpm</c> (sqlite), and Berkeley DB <c>Packages</c> files loaded with
/// <c>db5.3_load</c> from tree B's header blobs in both byte orders and two page sizes.
/// </summary>
public sealed class RpmFixture : IDisposable
{
    private readonly TempDirectory? _dir;

    public RpmFixture()
    {
        if (!Tool.Exists("rpmbuild") || !Tool.Exists("rpm") || !Tool.Exists("sqlite3") || !Tool.Exists("db5.3_load"))
        {
            SkipReason = "rpm, rpmbuild, sqlite3 and db5.3_load are needed (./test.sh installs them when run as root)";
            return;
        }

        _dir = new TempDirectory("ostree-net-rpmfx");
        Tool.Shell(Script, _dir.Path).EnsureSuccess("building the rpm fixture");
    }

    public string? SkipReason { get; }

    public string Root => _dir!.Path;

    public string TreeA => Path.Combine(Root, "treeA");

    public string TreeB => Path.Combine(Root, "treeB");

    public string RpmDirectory => Path.Combine(Root, "RPMS", "noarch");

    /// <summary>Tree B's header blobs as a Berkeley DB hash file: little-endian, 512-byte pages (headers on overflow pages).</summary>
    public string BerkeleyLittleEndian => Path.Combine(Root, "PackagesLE");

    /// <summary>The same, big-endian (as written on s390x), 4096-byte pages.</summary>
    public string BerkeleyBigEndian => Path.Combine(Root, "PackagesBE");

    public void Require() => Assert.SkipWhen(SkipReason is not null, SkipReason ?? string.Empty);

    /// <summary>What <c>rpm -qa</c> says about a root and dbpath, one <c>NAME EPOCHNUM:VERSION-RELEASE.ARCH</c> per line, sorted.</summary>
    public static List<string> RpmQueryAll(string root, string dbPath, params string[] extra)
    {
        var args = new List<string> { "--root", root, "--dbpath", dbPath };
        args.AddRange(extra);
        args.AddRange(["-qa", "--qf", "%{NAME} %{EPOCHNUM}:%{VERSION}-%{RELEASE}.%{ARCH}\\n"]);
        var output = Tool.Run("rpm", [.. args]).EnsureSuccess("rpm -qa").StandardOutput;
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList();
    }

    public void Dispose() => _dir?.Dispose();

    private const string Script = """
        W=$PWD
        mkdir -p SPECS
        spec() {
          local n=$1 e=$2 v=$3 r=$4
          {
            echo "Name: $n"; [ -n "$e" ] && echo "Epoch: $e"; echo "Version: $v"; echo "Release: $r"
            echo "Summary: fixture $n"; echo "License: MIT"; echo "BuildArch: noarch"
            echo "%description"; echo "Fixture package $n."
            echo "%install"; echo "mkdir -p %{buildroot}/etc %{buildroot}/usr/bin %{buildroot}/usr/share/$n"
            echo "echo conf > %{buildroot}/etc/$n.conf"; echo "printf '#!/bin/sh\necho $n\n' > %{buildroot}/usr/bin/$n"
            echo "chmod 0755 %{buildroot}/usr/bin/$n"; echo "echo readme > %{buildroot}/usr/share/$n/README"
            echo "%files"; echo "%config(noreplace) /etc/$n.conf"; echo "/usr/bin/$n"; echo "%dir /usr/share/$n"; echo "/usr/share/$n/README"
          } > SPECS/$n-$v.spec
        }
        spec fx-hello "" 1.0 1
        spec fx-hello "" 1.1 1
        spec fx-epoch 2 0.5 3
        spec fx-epoch 1 0.9 1
        spec fx-gone "" 1.0 1
        spec fx-new "" 0.1~rc1 1
        rpmbuild --quiet -bb --define "_topdir $W" --define "_buildhost fixture" --define "_build_id_links none" \
          --define "__os_install_post %{nil}" SPECS/*.spec
        P=$W/RPMS/noarch
        rpm --root $W/treeA --dbpath /usr/lib/sysimage/rpm --initdb
        R="rpm --root $W/treeA --dbpath /usr/lib/sysimage/rpm --force-debian --noplugins"
        $R -i --nodeps --noscripts $P/fx-hello-1.0-1.noarch.rpm $P/fx-epoch-0.5-3.noarch.rpm $P/fx-gone-1.0-1.noarch.rpm
        cp -a $W/treeA $W/treeB
        R="rpm --root $W/treeB --dbpath /usr/lib/sysimage/rpm --force-debian --noplugins"
        $R -U --oldpackage --nodeps --noscripts $P/fx-hello-1.1-1.noarch.rpm $P/fx-epoch-0.9-1.noarch.rpm $P/fx-new-0.1~rc1-1.noarch.rpm
        $R -e --nodeps --noscripts fx-gone
        DB=$W/treeB/usr/lib/sysimage/rpm/rpmdb.sqlite
        bdb() {
          local order=$1 pagesize=$2 out=$3
          {
            echo VERSION=3; echo format=bytevalue; echo type=hash; echo db_pagesize=$pagesize; echo db_lorder=$order; echo HEADER=END
            key() { if [ $order = 1234 ]; then printf '%08x' $1 | sed -E 's/(..)(..)(..)(..)/\4\3\2\1/'; else printf '%08x' $1; fi; }
            echo " $(key 0)"; echo " $(key 7)"
            sqlite3 "file:$DB?mode=ro&immutable=1" "select hnum, lower(hex(blob)) from Packages" | while IFS='|' read h b; do echo " $(key $h)"; echo " $b"; done
            echo DATA=END
          } > $out.txt
          db5.3_load -f $out.txt $out
        }
        bdb 1234 512 PackagesLE
        bdb 4321 4096 PackagesBE
        """;
}
