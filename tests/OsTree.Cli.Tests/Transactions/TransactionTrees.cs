using OsTree.TestSupport;

namespace OsTree.Cli.Tests.Transactions;

/// <summary>
/// The trees the transaction tests deploy, built once per test class: a Debian minbase root filesystem (debootstrap,
/// cached under /var/tmp/ostree-net-cache by benchmarks/fixtures/debootstrap.sh) shaped as an ostree commit (etc moved
/// to usr/etc, a stand-in kernel in usr/lib/modules), and a local .deb built with dpkg-deb.
/// </summary>
public sealed class TransactionTrees : IDisposable
{
    private readonly TempDirectory? _dir;

    public TransactionTrees()
    {
        if (!Requires.IsRoot)
        {
            SkipReason = "needs root: chroot, private mount namespaces, bare repositories and immutable deployment directories";
            return;
        }

        foreach (var tool in new[] { "ostree", "dpkg-deb", "dpkg-query", "setpriv", "unshare", "chroot" })
        {
            if (!Tool.Exists(tool))
            {
                SkipReason = $"'{tool}' is not installed (./test.sh installs it when run as root)";
                return;
            }
        }

        var script = Path.Combine(PublicApiSnapshot.RepositoryRoot(), "benchmarks", "fixtures", "debootstrap.sh");
        var built = Tool.Run("bash", script);
        if (built.ExitCode == 77)
        {
            SkipReason = "no Debian minbase tree: " + built.StandardError.Trim();
            return;
        }

        var rootfs = built.EnsureSuccess("benchmarks/fixtures/debootstrap.sh").StandardOutput.Trim();
        _dir = new TempDirectory("ostree-net-txn");

        // Hard links into the cached tree: nothing here ever writes a file of it, only directory entries of the copy
        // are renamed and added.
        Tool.Shell($"""
            cp -al '{rootfs}' '{DebianTree}'
            mv '{DebianTree}/etc' '{DebianTree}/usr/etc'
            mkdir -p '{DebianTree}/usr/lib/modules/6.1.0-test'
            echo kernel > '{DebianTree}/usr/lib/modules/6.1.0-test/vmlinuz'
            echo initrd > '{DebianTree}/usr/lib/modules/6.1.0-test/initramfs.img'
            p='{Path.Combine(_dir.Path, "fx-hello")}'
            mkdir -p "$p/DEBIAN" "$p/usr/share/fx-hello" "$p/etc"
            printf 'Package: fx-hello\nVersion: 1.0-1\nArchitecture: all\nMaintainer: Fixture <fx@example.org>\nDescription: transaction fixture\n' > "$p/DEBIAN/control"
            echo /etc/fx-hello.conf > "$p/DEBIAN/conffiles"
            echo 'greeting=hello' > "$p/etc/fx-hello.conf"
            echo readme > "$p/usr/share/fx-hello/README"
            mkdir -p '{DebDirectory}'
            dpkg-deb --root-owner-group -Zgzip --build "$p" '{DebDirectory}/fx-hello_1.0-1_all.deb' >/dev/null
            """).EnsureSuccess("preparing the Debian tree and the .deb");
        Tool.Check("ostree", "init", "--repo=" + DebianRepository, "--mode=bare");
        Tool.Check("ostree", "commit", "--repo=" + DebianRepository, "-b", "debian/stable", "-s", "base", "--tree=dir=" + DebianTree);
    }

    public string? SkipReason { get; }

    public string DebianTree => Path.Combine(_dir!.Path, "debian-tree");

    /// <summary>A bare repository holding the Debian tree on <c>debian/stable</c>, committed once by ostree.</summary>
    public string DebianRepository => Path.Combine(_dir!.Path, "debian-repo");

    public string DebDirectory => Path.Combine(_dir!.Path, "debs");

    public void Require() => Assert.SkipWhen(SkipReason is not null, SkipReason ?? string.Empty);

    /// <summary>
    /// A sysroot (ostree admin init-fs, os-init) with <c>OS/stable</c> pulled from <paramref name="repository"/> (hard
    /// links on one filesystem) and deployed, all by the real ostree.
    /// </summary>
    public static string CreateSysroot(string parent, string repository, string os)
    {
        var sysroot = Path.Combine(parent, "sysroot");
        Directory.CreateDirectory(sysroot);
        Tool.Check("ostree", "admin", "init-fs", sysroot);
        Tool.Check("ostree", "admin", "os-init", "--sysroot=" + sysroot, os);
        Tool.Check("ostree", "pull-local", "--repo=" + Path.Combine(sysroot, "ostree", "repo"), repository, os + "/stable");
        Tool.Check("ostree", "admin", "deploy", "--sysroot=" + sysroot, "--os=" + os, os + "/stable");
        return sysroot;
    }

    public void Dispose() => _dir?.Dispose();
}
