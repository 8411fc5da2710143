using OsTree.Deployments;
using OsTree.Objects;
using OsTree.Repositories;
using OsTree.TestSupport;
using OsTree.Trees;

namespace OsTree.Btrfs.Tests;

/// <summary>
/// Deployments through <see cref="BtrfsDeploymentBackend"/> on a real btrfs: a sysroot made by <c>ostree admin init-fs</c>,
/// two bootable commits; checked against <c>btrfs subvolume show</c>, <c>ostree checkout</c> + <c>diff</c> and
/// <c>ostree admin status</c>.
/// </summary>
public sealed class DeploymentBackendTests(BtrfsLoopFixture fs) : IClassFixture<BtrfsLoopFixture>
{
    [Fact]
    public void Deployments_are_subvolumes_the_second_a_snapshot_of_the_first_equal_to_their_commits()
    {
        fs.Require();
        Requires.Root("deploys a bare repository with owners and the immutable flag");
        Requires.Tool("ostree", "btrfs", "diff");
        var sysroot = fs.Combine("sysroot-" + Guid.NewGuid().ToString("N")[..8]);
        var (first, second) = PrepareSysroot(sysroot, fs.Combine("trees-" + Guid.NewGuid().ToString("N")[..8]));
        var system = Sysroot.Open(sysroot, new SysrootOptions().UseBtrfs());

        system.Deploy(new DeployOptions { OsName = "testos", Commit = first.ToString() }, TestContext.Current.CancellationToken);
        system.Deploy(new DeployOptions { OsName = "testos", Commit = second.ToString() }, TestContext.Current.CancellationToken);

        var d1 = Path.Combine(sysroot, $"ostree/deploy/testos/deploy/{first}.0");
        var d2 = Path.Combine(sysroot, $"ostree/deploy/testos/deploy/{second}.0");
        Assert.True(BtrfsSubvolume.IsSubvolume(d1));
        Assert.True(BtrfsSubvolume.IsSubvolume(d2));
        using (var filesystem = BtrfsFilesystem.Open(fs.MountPoint))
        {
            var listed = filesystem.ListSubvolumes();
            var e1 = Assert.Single(listed, e => e.Path.EndsWith($"{first}.0", StringComparison.Ordinal));
            var e2 = Assert.Single(listed, e => e.Path.EndsWith($"{second}.0", StringComparison.Ordinal));
            Assert.Equal(e1.Uuid, e2.ParentUuid);
        }

        var listing = Tool.Check("btrfs", "subvolume", "list", "-q", "-u", fs.MountPoint);
        var line1 = Assert.Single(listing.Split('\n'), l => l.EndsWith($"{first}.0", StringComparison.Ordinal));
        var line2 = Assert.Single(listing.Split('\n'), l => l.EndsWith($"{second}.0", StringComparison.Ordinal));
        var uuid1 = Field(line1, "uuid");
        Assert.Equal(uuid1, Field(line2, "parent_uuid"));
        Assert.Equal(BtrfsSubvolume.GetInfo(d1).Uuid, Guid.Parse(uuid1));

        AssertEqualsCommit(sysroot, first, d1);
        AssertEqualsCommit(sysroot, second, d2);
        Assert.Equal("new\n", File.ReadAllText(Path.Combine(d2, "etc/added.conf")));
        Assert.False(File.Exists(Path.Combine(d2, "usr/share/testos/removed")));

        var status = Tool.Check("ostree", "admin", "status", "--sysroot=" + sysroot);
        Assert.Contains($"testos {second}.0", status, StringComparison.Ordinal);
        Assert.Contains($"testos {first}.0", status, StringComparison.Ordinal);
    }

    [Fact]
    public void Off_btrfs_the_hard_link_backend_deploys()
    {
        Requires.Root("deploys a bare repository with owners and the immutable flag");
        Requires.Tool("ostree", "diff");
        using var temp = new TempDirectory();
        Assert.False(BtrfsFilesystem.IsBtrfs(temp.Path));
        var sysroot = temp.Combine("sysroot");
        var (first, second) = PrepareSysroot(sysroot, temp.Combine("trees"));
        var system = Sysroot.Open(sysroot, new SysrootOptions().UseBtrfs());

        system.Deploy(new DeployOptions { OsName = "testos", Commit = first.ToString() }, TestContext.Current.CancellationToken);
        system.Deploy(new DeployOptions { OsName = "testos", Commit = second.ToString() }, TestContext.Current.CancellationToken);

        var d2 = Path.Combine(sysroot, $"ostree/deploy/testos/deploy/{second}.0");
        AssertEqualsCommit(sysroot, second, d2);
        Assert.Contains($"testos {second}.0", Tool.Check("ostree", "admin", "status", "--sysroot=" + sysroot), StringComparison.Ordinal);
    }

    /// <summary>init-fs, os-init and two commits of a bootable tree that differ in files, directories and modes.</summary>
    internal static (Checksum First, Checksum Second) PrepareSysroot(string sysroot, string trees)
    {
        Directory.CreateDirectory(sysroot);
        Tool.Check("ostree", "admin", "init-fs", sysroot);
        Sysroot.Open(sysroot).InitializeStateRoot("testos");
        var repository = Repository.Open(Path.Combine(sysroot, "ostree/repo"));
        var tree = Path.Combine(trees, "tree");
        Tool.Shell($"""
            set -e
            T='{tree}'
            mkdir -p $T/usr/lib/modules/5.10.0-test $T/usr/etc $T/usr/share/testos/keep $T/usr/bin
            echo kernel-1 >$T/usr/lib/modules/5.10.0-test/vmlinuz
            echo initramfs-1 >$T/usr/lib/modules/5.10.0-test/initramfs.img
            printf 'ID=testos\nPRETTY_NAME="Test OS"\n' >$T/usr/lib/os-release
            echo a=1 >$T/usr/etc/base.conf
            echo old >$T/usr/share/testos/removed
            echo same >$T/usr/share/testos/keep/same
            printf '#!/bin/sh\n' >$T/usr/bin/tool; chmod 755 $T/usr/bin/tool
            ln -s ../lib/os-release $T/usr/share/testos/link
            """).EnsureSuccess("building tree 1");
        var first = repository.CommitDirectory(tree, new CommitOptions { Branch = "testos/stable", Subject = "one" });
        Tool.Shell($"""
            set -e
            T='{tree}'
            echo kernel-2 >$T/usr/lib/modules/5.10.0-test/vmlinuz
            rm $T/usr/share/testos/removed
            echo new >$T/usr/etc/added.conf
            mkdir -p $T/usr/share/testos/newdir/deeper; echo x >$T/usr/share/testos/newdir/deeper/x
            chmod 700 $T/usr/share/testos/keep; chown 12:34 $T/usr/bin/tool; chmod 4755 $T/usr/bin/tool
            rm $T/usr/share/testos/link; ln -s ../lib/modules $T/usr/share/testos/link
            """).EnsureSuccess("building tree 2");
        var second = repository.CommitDirectory(tree, new CommitOptions { Branch = "testos/stable", Subject = "two" });
        return (first, second);
    }

    /// <summary>The deployment's <c>usr</c> equals <c>ostree checkout</c> of the commit: content, types, modes, owners.</summary>
    private static void AssertEqualsCommit(string sysroot, Checksum commit, string deployment)
    {
        using var temp = new TempDirectory();
        var checkout = temp.Combine("co");
        Tool.Check("ostree", "checkout", "--repo=" + Path.Combine(sysroot, "ostree/repo"), commit.ToString(), checkout);
        var diff = Tool.Run("diff", "-r", "--no-dereference", Path.Combine(checkout, "usr"), Path.Combine(deployment, "usr"));
        Assert.True(diff.ExitCode == 0, diff.StandardOutput + diff.StandardError);
        Assert.Equal(Metadata(checkout), Metadata(deployment));
    }

    internal static string Metadata(string root) =>
        Tool.Shell($"cd '{root}/usr' && find . -printf '%p %y %m %U %G %l\\n' | LC_ALL=C sort").EnsureSuccess("find").StandardOutput;

    private static string Field(string line, string name)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts[Array.IndexOf(parts, name) + 1];
    }
}
