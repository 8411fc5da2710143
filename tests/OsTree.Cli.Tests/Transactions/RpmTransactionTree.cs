using OsTree.TestSupport;

namespace OsTree.Cli.Tests.Transactions;

/// <summary>
/// An rpm-based tree built once per test class: two noarch packages built with rpmbuild, a minimal root with the host's
/// rpm binary, its libraries and /usr/lib/rpm copied in (so <c>rpm</c> runs inside the chroot), the database created
/// with <c>rpm --root … --initdb</c> (sqlite, /usr/lib/sysimage/rpm) and fx-base installed with <c>rpm --root … -i</c>;
/// shaped as an ostree commit and committed once by ostree.
/// </summary>
public sealed class RpmTransactionTree : IDisposable
{
    private readonly TempDirectory? _dir;

    public RpmTransactionTree()
    {
        if (!Requires.IsRoot)
        {
            SkipReason = "needs root: chroot, private mount namespaces, bare repositories and immutable deployment directories";
            return;
        }

        foreach (var tool in new[] { "ostree", "rpm", "rpmbuild", "ldd", "setpriv", "unshare", "chroot" })
        {
            if (!Tool.Exists(tool))
            {
                SkipReason = $"'{tool}' is not installed (./test.sh installs it when run as root)";
                return;
            }
        }

        _dir = new TempDirectory("ostree-net-txn-rpm");
        Tool.Shell(Script, _dir.Path).EnsureSuccess("building the rpm tree");
        Tool.Check("ostree", "init", "--repo=" + Repository, "--mode=bare");
        Tool.Check("ostree", "commit", "--repo=" + Repository, "-b", "fx/stable", "-s", "base", "--tree=dir=" + Path.Combine(_dir.Path, "tree"));
    }

    public string? SkipReason { get; }

    public string Repository => Path.Combine(_dir!.Path, "repo");

    public string RpmDirectory => Path.Combine(_dir!.Path, "RPMS", "noarch");

    public void Require() => Assert.SkipWhen(SkipReason is not null, SkipReason ?? string.Empty);

    public void Dispose() => _dir?.Dispose();

    private const string Script = """
        W=$PWD
        mkdir -p SPECS
        spec() {
          local n=$1 v=$2
          { echo "Name: $n"; echo "Version: $v"; echo "Release: 1"; echo "Summary: fixture $n"; echo "License: MIT"; echo "BuildArch: noarch"
            echo "%description"; echo "Fixture package $n."
            echo "%install"; echo "mkdir -p %{buildroot}/etc %{buildroot}/usr/share/$n"
            echo "echo '$n=1' > %{buildroot}/etc/$n.conf"; echo "echo '$n $v' > %{buildroot}/usr/share/$n/README"
            echo "%files"; echo "%config(noreplace) /etc/$n.conf"; echo "%dir /usr/share/$n"; echo "/usr/share/$n/README"
          } > SPECS/$n.spec
        }
        spec fx-base 1.0
        spec fx-new 2.0
        rpmbuild --quiet -bb --define "_topdir $W" --define "_buildhost fixture" --define "_build_id_links none" \
          --define "__os_install_post %{nil}" SPECS/*.spec
        T=$W/tree
        mkdir -p $T/usr/bin $T/usr/lib/x86_64-linux-gnu $T/usr/lib64 $T/etc $T/var/tmp $T/tmp $T/proc $T/sys $T/dev $T/run
        ln -s usr/bin $T/bin; ln -s usr/lib $T/lib; ln -s usr/lib64 $T/lib64; ln -s usr/bin $T/sbin
        cp -L "$(command -v rpm)" /bin/sh $T/usr/bin/
        for lib in $(ldd "$(command -v rpm)" /bin/sh | grep -oE '/[^ ]+\.so[^ ]*' | sort -u); do
          case $lib in
            /lib64/*|/usr/lib64/*) cp -L "$lib" $T/usr/lib64/ ;;
            *) mkdir -p "$T/usr$(dirname "${lib#/usr}")"; cp -L "$lib" "$T/usr${lib#/usr}" ;;
          esac
        done
        cp -a /usr/lib/rpm $T/usr/lib/rpm
        printf 'ID=fxrpm\nPRETTY_NAME="Fixture rpm OS"\n' > $T/usr/lib/os-release
        ln -s ../usr/lib/os-release $T/etc/os-release
        rpm --root $T --dbpath /usr/lib/sysimage/rpm --initdb
        rpm --root $T --dbpath /usr/lib/sysimage/rpm --force-debian --noplugins -i --nodeps --noscripts $W/RPMS/noarch/fx-base-1.0-1.noarch.rpm 2>/dev/null
        mv $T/etc $T/usr/etc
        mkdir -p $T/usr/lib/modules/6.1.0-test
        echo kernel > $T/usr/lib/modules/6.1.0-test/vmlinuz
        echo initrd > $T/usr/lib/modules/6.1.0-test/initramfs.img
        """;
}
