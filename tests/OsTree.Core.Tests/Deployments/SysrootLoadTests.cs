using OsTree.Deployments;
using OsTree.TestSupport;

namespace OsTree.Core.Tests.Deployments;

/// <summary>R7: sysroots made by <c>ostree admin</c> read by us exactly as <c>ostree admin status</c> reads them.</summary>
public sealed class SysrootLoadTests
{
    [Fact]
    public void Status_of_an_ostree_made_sysroot_equals_ostree_admin_status()
    {
        Requires.Root("ostree admin deploy writes root-owned boot files");
        Requires.Tool("ostree");
        using var b = new OstreeSysrootBuilder();
        var c1 = b.Commit("1.0");
        b.OstreeDeploy("--karg=root=LABEL=rootfs", "--karg=quiet").EnsureSuccess("deploy 1");
        File.WriteAllText(System.IO.Path.Combine(b.Tree, "usr/etc/a.conf"), "a=2\n");
        var c2 = b.Commit("2.0");
        b.OstreeDeploy("--retain").EnsureSuccess("deploy 2");
        b.OstreeDeploy("--retain").EnsureSuccess("deploy 2 again");
        Tool.Check("ostree", "admin", "pin", "--sysroot=" + b.Sysroot, "2");

        var sysroot = Sysroot.Open(b.Sysroot);
        sysroot.CommitMetadata = new OstreeCommitMetadata(b.Repo);
        sysroot.Load();

        Assert.Equal(b.OstreeStatus(), sysroot.FormatStatus());
        Assert.Equal(3, sysroot.Deployments.Count);
        Assert.Equal([c2, c2, c1], sysroot.Deployments.Select(d => d.Checksum));
        Assert.Equal([1, 0, 0], sysroot.Deployments.Select(d => d.DeploySerial));
        Assert.Equal([0, 1, 2], sysroot.Deployments.Select(d => d.Index));
        Assert.Equal([false, false, true], sysroot.Deployments.Select(d => d.IsPinned));
        Assert.All(sysroot.Deployments, d => Assert.Equal("testos/stable", d.Origin?.Refspec));
        Assert.All(sysroot.Deployments, d => Assert.False(d.IsBooted));
        Assert.Null(sysroot.BootedDeployment);
        Assert.All(sysroot.Deployments, d => Assert.Equal("root=LABEL=rootfs quiet", RemoveOstreeArg(d.KernelArguments)));

        // Same kernel and initramfs → one boot checksum, boot serials 0, 1, 2 in order.
        Assert.Single(sysroot.Deployments.Select(d => d.BootChecksum).Distinct());
        Assert.Equal([0, 1, 2], sysroot.Deployments.Select(d => d.BootSerial));
        Assert.Same(sysroot.Deployments[0], sysroot.GetMergeDeployment("testos"));
        Assert.Equal(1, sysroot.BootVersion);
        Assert.Equal(1, sysroot.SubBootVersion);
    }

    [Fact]
    public void An_empty_sysroot_has_no_deployments()
    {
        Requires.Root("ostree admin init-fs");
        Requires.Tool("ostree");
        using var b = new OstreeSysrootBuilder();
        var sysroot = Sysroot.Open(b.Sysroot);
        sysroot.Load();
        Assert.Empty(sysroot.Deployments);
        Assert.Equal("No deployments.\n", sysroot.FormatStatus());
        Assert.Equal(b.OstreeStatus(), sysroot.FormatStatus());
        Assert.Equal(["testos"], sysroot.GetStateRoots());
        Assert.Null(sysroot.GetMergeDeployment("testos"));
    }

    [Fact]
    public void A_boot_entry_pointing_nowhere_is_a_clear_error()
    {
        Requires.Root("ostree admin deploy");
        Requires.Tool("ostree");
        using var b = new OstreeSysrootBuilder();
        b.Commit();
        b.OstreeDeploy("--karg=quiet").EnsureSuccess("deploy");
        var entries = System.IO.Path.Combine(b.Sysroot, "boot/loader/entries");
        var entry = Directory.GetFiles(entries).Single();
        File.WriteAllText(entry, File.ReadAllText(entry).Replace("ostree=/ostree/boot.1/", "ostree=/ostree/boot.1/../", StringComparison.Ordinal));
        var sysroot = Sysroot.Open(b.Sysroot);
        var error = Assert.Throws<DeploymentException>(sysroot.Load);
        Assert.Contains("ostree=", error.Message, StringComparison.Ordinal);
    }

    private static string RemoveOstreeArg(KernelArguments args)
    {
        args.RemoveKey("ostree");
        return args.ToString();
    }
}
