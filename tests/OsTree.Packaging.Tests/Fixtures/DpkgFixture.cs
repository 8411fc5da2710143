using OsTree.TestSupport;

namespace OsTree.Packaging.Tests.Fixtures;

/// <summary>
/// dpkg trees built once per test run with <c>dpkg-deb --build</c> and <c>dpkg --root</c> (packages.md §3): tree A
/// holds fx-hello 1.0-1, fx-epoch 2:0.5-3, fx-gone and the Multi-Arch: same fx-lib for amd64 and i386; tree B
/// upgrades fx-hello, downgrades fx-epoch to 1:0.9-1, adds fx-new and removes fx-gone (left in config-files state).
/// </summary>
public sealed class DpkgFixture : IDisposable
{
    private readonly TempDirectory? _dir;

    public DpkgFixture()
    {
        if (!Tool.Exists("dpkg") || !Tool.Exists("dpkg-deb") || !Tool.Exists("dpkg-query"))
        {
            SkipReason = "dpkg, dpkg-deb and dpkg-query are needed";
            return;
        }

        _dir = new TempDirectory("ostree-net-dpkgfx");
        Tool.Shell(Script, _dir.Path).EnsureSuccess("building the dpkg fixture");
    }

    public string? SkipReason { get; }

    public string Root => _dir!.Path;

    public string TreeA => Path.Combine(Root, "treeA");

    public string TreeB => Path.Combine(Root, "treeB");

    public string DebDirectory => Path.Combine(Root, "debs");

    public void Require() => Assert.SkipWhen(SkipReason is not null, SkipReason ?? string.Empty);

    /// <summary>
    /// What <c>dpkg-query --admindir -W</c> lists as present (every state but not-installed and config-files), one
    /// <c>name version arch</c> per line, sorted.
    /// </summary>
    public static List<string> DpkgQueryPresent(string adminDirectory)
    {
        var output = Tool.Run("dpkg-query", $"--admindir={adminDirectory}", "-W", "-f=${Package} ${Version} ${Architecture} ${db:Status-Abbrev}\\n")
            .EnsureSuccess("dpkg-query -W").StandardOutput;
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.TrimEnd().Split(' '))
            .Where(f => f.Length == 4 && f[3].Length >= 2 && f[3][1] is not ('n' or 'c'))
            .Select(f => $"{f[0]} {f[1]} {f[2]}")
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    public void Dispose() => _dir?.Dispose();

    private const string Script = """
        D=$PWD
        deb() {
          local n=$1 v=$2 a=$3 ma=${4:-}
          local p=$D/src/${n}_${v}_$a
          mkdir -p $p/DEBIAN $p/etc $p/usr/share/$n
          { echo "Package: $n"; echo "Version: $v"; echo "Architecture: $a"; echo "Maintainer: Fixture <fx@example.org>"
            echo "Installed-Size: 4"; [ -n "$ma" ] && echo "Multi-Arch: $ma"
            echo "Description: fixture $n"; echo " Fixture package $n."; echo " ."; echo " Second paragraph."; } > $p/DEBIAN/control
          echo "/etc/$n-$a.conf" > $p/DEBIAN/conffiles
          echo conf > $p/etc/$n-$a.conf; echo readme > $p/usr/share/$n/README-$a
          dpkg-deb --root-owner-group -Zgzip --build $p $D/debs/${n}_${v}_$a.deb >/dev/null
        }
        mkdir -p debs
        deb fx-hello 1.0-1 all; deb fx-hello 1.1-1 all
        deb fx-epoch 2:0.5-3 all; deb fx-epoch 1:0.9-1 all
        deb fx-gone 1.0-1 all; deb fx-new 0.1~rc1-1 all
        deb fx-lib 1.0-1 amd64 same; deb fx-lib 1.0-1 i386 same
        T=$D/treeA
        mkdir -p $T/var/lib/dpkg/info $T/var/lib/dpkg/updates; touch $T/var/lib/dpkg/status
        dpkg --root=$T --add-architecture i386
        I="dpkg --root=$T --force-script-chrootless --log=/dev/null"
        $I -i debs/fx-hello_1.0-1_all.deb debs/fx-epoch_2:0.5-3_all.deb debs/fx-gone_1.0-1_all.deb \
          debs/fx-lib_1.0-1_amd64.deb debs/fx-lib_1.0-1_i386.deb >/dev/null
        cp -a $T $D/treeB
        T=$D/treeB
        I="dpkg --root=$T --force-script-chrootless --log=/dev/null"
        $I -i debs/fx-hello_1.1-1_all.deb debs/fx-new_0.1~rc1-1_all.deb >/dev/null
        $I -i --force-downgrade debs/fx-epoch_1:0.9-1_all.deb >/dev/null 2>&1
        $I -r fx-gone >/dev/null
        """;
}
