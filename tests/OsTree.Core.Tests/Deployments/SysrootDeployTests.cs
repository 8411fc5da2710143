using OsTree.Deployments;
using OsTree.TestSupport;

namespace OsTree.Core.Tests.Deployments;

/// <summary>
/// R8: deployments written by us are what <c>ostree admin deploy</c> writes (entries, links, /etc, origin, refs), are
/// listed by <c>ostree admin status</c>, and <c>ostree admin deploy</c> continues from them. Each test runs the same
/// steps with ostree on a copy of the same sysroot and compares.
/// </summary>
public sealed class SysrootDeployTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static Sysroot OpenOurs(string path, bool ostreeCheckoutBackend = false)
    {
        var sysroot = Sysroot.Open(path, new SysrootOptions { Backend = ostreeCheckoutBackend ? new OstreeCheckoutBackend() : null });
        sysroot.Load();
        return sysroot;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Our_deploy_writes_what_ostree_admin_deploy_writes_and_ostree_continues_from_it(bool ostreeCheckoutBackend)
    {
        Requires.Root("deployments are root-owned and immutable");
        Requires.Tool("ostree", "lsattr");
        using var b = new OstreeSysrootBuilder();
        var c1 = b.Commit("1.0");
        b.OstreeDeploy("--karg=root=LABEL=rootfs", "--karg=quiet").EnsureSuccess("deploy 1");
        Tool.Shell("echo 'a=local' >a.conf && echo added >added.conf && rm hosts", System.IO.Path.Combine(b.DeploymentDirectory(c1), "etc")).EnsureSuccess("edits");
        File.WriteAllText(System.IO.Path.Combine(b.Tree, "usr/etc/sub/b.conf"), "b=2\n");
        File.WriteAllText(System.IO.Path.Combine(b.Tree, "usr/lib/modules/5.10.0-test/vmlinuz"), "kernel-2\n");
        var c2 = b.Commit("2.0");
        var twin = b.CopySysroot("twin");

        b.OstreeDeploy().EnsureSuccess("ostree deploy 2");
        var ours = OpenOurs(twin, ostreeCheckoutBackend);
        var result = ours.Deploy(new DeployOptions { OsName = "testos", Commit = c2, Refspec = b.Ref }, Token);

        Assert.Equal(c2, result.Deployment.Checksum);
        Assert.Equal(0, result.Deployment.Index);
        Assert.NotNull(result.EtcMerge);
        AssertSameBootState(b.Sysroot, twin);
        Assert.Equal(Tool.Check("ostree", "admin", "status", "--sysroot=" + b.Sysroot), Tool.Check("ostree", "admin", "status", "--sysroot=" + twin));
        Assert.Equal(b.OstreeStatus(), ours.FormatStatus());
        var ourDir = System.IO.Path.Combine(twin, result.Deployment.RelativePath);
        Assert.Contains("-i-", Tool.Check("lsattr", "-d", ourDir)[..20], StringComparison.Ordinal);
        Assert.Equal(EtcMergeTests.Listing(System.IO.Path.Combine(b.DeploymentDirectory(c2), "etc")), EtcMergeTests.Listing(System.IO.Path.Combine(ourDir, "etc")));
        Tool.Check("ostree", "fsck", "--repo=" + System.IO.Path.Combine(twin, "ostree/repo"));
        Assert.Equal(
            Tool.Check("stat", "-c", "%h %a %U", System.IO.Path.Combine(b.DeploymentDirectory(c2), "usr/bin/tool")),
            Tool.Check("stat", "-c", "%h %a %U", System.IO.Path.Combine(ourDir, "usr/bin/tool")));
        Assert.Equal(
            EtcMergeTests.Listing(System.IO.Path.Combine(b.DeploymentDirectory(c2), "usr")),
            EtcMergeTests.Listing(System.IO.Path.Combine(ourDir, "usr")));

        // ostree continues from our sysroot and merges /etc from our deployment.
        File.WriteAllText(System.IO.Path.Combine(ourDir, "etc/added.conf"), "edited on our deployment\n");
        File.WriteAllText(System.IO.Path.Combine(b.Tree, "usr/etc/a.conf"), "a=3\n");
        var c3 = b.Commit("3.0");
        Tool.Check("ostree", "pull-local", "--repo=" + System.IO.Path.Combine(twin, "ostree/repo"), b.Repo, b.Ref);
        var continued = Tool.Run("ostree", "admin", "deploy", "--sysroot=" + twin, "--os=testos", b.Ref).EnsureSuccess("ostree deploy 3");
        var third = System.IO.Path.Combine(twin, $"ostree/deploy/testos/deploy/{c3}.0");
        Assert.Contains("Copying /etc changes: 1 modified, 1 removed, 1 added", continued.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("edited on our deployment\n", File.ReadAllText(System.IO.Path.Combine(third, "etc/added.conf")));
        Assert.Equal("a=local\n", File.ReadAllText(System.IO.Path.Combine(third, "etc/a.conf")));
        ours.Load();
        Assert.Equal([c3, c2], ours.Deployments.Select(d => d.Checksum));
        Assert.Equal(Tool.Check("ostree", "admin", "status", "--sysroot=" + twin), ours.FormatStatus());
    }

    [Fact]
    public void A_sysroot_made_entirely_by_us_is_what_ostree_admin_makes()
    {
        Requires.Root("init-fs creates root-owned directories");
        Requires.Tool("ostree");
        using var b = new OstreeSysrootBuilder(init: false);
        var ours = b.Temp("ours");
        Directory.CreateDirectory(ours);

        Tool.Check("ostree", "admin", "init-fs", b.Sysroot);
        Sysroot.InitializeFileSystem(ours);
        Assert.Equal(LayoutListing(b.Sysroot), LayoutListing(ours));
        Assert.Equal(File.ReadAllText(System.IO.Path.Combine(b.Repo, "config")), File.ReadAllText(System.IO.Path.Combine(ours, "ostree/repo/config")));

        Tool.Check("ostree", "admin", "os-init", "--sysroot=" + b.Sysroot, "testos");
        var sysroot = Sysroot.Open(ours);
        sysroot.InitializeStateRoot("testos");
        Assert.Equal(LayoutListing(b.Sysroot), LayoutListing(ours));
        Assert.Throws<DeploymentException>(() => sysroot.InitializeStateRoot("testos"));
        Assert.Throws<ArgumentException>(() => sysroot.InitializeStateRoot("../x"));

        var commit = b.Commit("1.0");
        Tool.Check("ostree", "pull-local", "--repo=" + System.IO.Path.Combine(ours, "ostree/repo"), b.Repo, b.Ref);
        b.OstreeDeploy("--karg=root=LABEL=rootfs", "--karg=quiet").EnsureSuccess("ostree deploy");
        var result = sysroot.Deploy(new DeployOptions { OsName = "testos", Commit = b.Ref, KernelArguments = ["root=LABEL=rootfs", "quiet"] }, Token);

        Assert.Equal(commit, result.Deployment.Checksum);
        Assert.Equal(b.Ref, result.Deployment.Origin?.Refspec);
        Assert.Null(result.MergeDeployment);
        AssertSameBootState(b.Sysroot, ours);
        Assert.Equal(b.OstreeStatus(), Tool.Check("ostree", "admin", "status", "--sysroot=" + ours));
        Assert.Equal(b.OstreeStatus(), sysroot.FormatStatus());
        Assert.Equal(LayoutListing(b.Sysroot), LayoutListing(ours));
        Tool.Check("ostree", "fsck", "--repo=" + System.IO.Path.Combine(ours, "ostree/repo"));
    }

    [Fact]
    public void Retention_pins_rollback_and_undeploy_match_ostree()
    {
        Requires.Root("deployments are root-owned and immutable");
        Requires.Tool("ostree");
        using var b = new OstreeSysrootBuilder();
        var c1 = b.Commit("1.0");
        b.OstreeDeploy("--karg=quiet").EnsureSuccess("deploy 1");
        var c2 = b.Commit("2.0");
        var c3 = b.Commit("3.0");
        var twin = b.CopySysroot("twin");
        var ours = OpenOurs(twin);

        // Three deployments kept with --retain, the oldest pinned, then a plain deploy drops the unpinned old ones.
        Tool.Check("ostree", "admin", "deploy", "--sysroot=" + b.Sysroot, "--os=testos", "--retain", c2);
        ours.Deploy(new DeployOptions { OsName = "testos", Commit = c2, Refspec = c2, Retain = true }, Token);
        Tool.Check("ostree", "admin", "deploy", "--sysroot=" + b.Sysroot, "--os=testos", "--retain", "--karg-append=console=ttyS0", c3);
        ours.Deploy(new DeployOptions { OsName = "testos", Commit = c3, Refspec = c3, Retain = true, AppendKernelArguments = ["console=ttyS0"] }, Token);
        AssertSameBootState(b.Sysroot, twin);

        Tool.Check("ostree", "admin", "pin", "--sysroot=" + b.Sysroot, "2");
        ours.SetPinned(2, pinned: true);
        AssertSameBootState(b.Sysroot, twin);

        Tool.Check("ostree", "admin", "deploy", "--sysroot=" + b.Sysroot, "--os=testos", "--karg=quiet=1", c1);
        ours.Deploy(new DeployOptions { OsName = "testos", Commit = c1, Refspec = c1, KernelArguments = ["quiet=1"] }, Token);
        AssertSameBootState(b.Sysroot, twin);
        Assert.Equal([c1, c3, c1], ours.Deployments.Select(d => d.Checksum));
        Assert.True(ours.Deployments[2].IsPinned);
        Assert.Equal(b.OstreeStatus(), ours.FormatStatus());

        Tool.Check("ostree", "admin", "undeploy", "--sysroot=" + b.Sysroot, "1");
        var removed = ours.Undeploy(1, Token);
        Assert.Equal(c3, removed.Checksum);
        AssertSameBootState(b.Sysroot, twin);
        Assert.Equal(ObjectListing(b.Sysroot), ObjectListing(twin));
        Assert.DoesNotContain($"{c2[..2]}/{c2[2..]}.commit", ObjectListing(twin), StringComparison.Ordinal);
        Assert.False(Directory.Exists(System.IO.Path.Combine(twin, removed.RelativePath)));

        // Rollback: the pinned older deployment boots next; nothing is deleted; ostree reads the result.
        var head = ours.Rollback(Token);
        Assert.Equal(0, head.DeploySerial);
        Assert.True(head.IsPinned);
        Assert.Equal([c1, c1], ours.Deployments.Select(d => d.Checksum));
        Assert.Equal([0, 1], ours.Deployments.Select(d => d.DeploySerial));
        Assert.True(ours.Deployments[0].IsPinned);
        Assert.Equal(Tool.Check("ostree", "admin", "status", "--sysroot=" + twin), ours.FormatStatus());
    }

    [Theory]
    [InlineData("no-kernel", "rm -rf usr/lib/modules", "Failed to find kernel")]
    [InlineData("both-etc", "mkdir etc && echo x >etc/x", "Tree contains both /etc and /usr/etc")]
    [InlineData("conflict", "rm usr/etc/a.conf && mkdir usr/etc/a.conf && echo y >usr/etc/a.conf/part", "Modified config file newly defaults to directory 'a.conf'")]
    public void A_bad_tree_fails_with_a_clear_message_and_leaves_the_sysroot_as_it_was(string name, string breakTree, string message)
    {
        Requires.Root("deployments are root-owned and immutable");
        Requires.Tool("ostree");
        using var b = new OstreeSysrootBuilder();
        var c1 = b.Commit("1.0");
        b.OstreeDeploy("--karg=quiet").EnsureSuccess("deploy 1");
        File.WriteAllText(System.IO.Path.Combine(b.DeploymentDirectory(c1), "etc/a.conf"), "a=local\n");
        Tool.Shell(breakTree, b.Tree).EnsureSuccess(name);
        var c2 = b.Commit("2.0");
        var before = SysrootListing(b.Sysroot);

        var ours = OpenOurs(b.Sysroot);
        var error = Assert.ThrowsAny<DeploymentException>(() => ours.Deploy(new DeployOptions { OsName = "testos", Commit = c2, Refspec = b.Ref }, Token));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(before, SysrootListing(b.Sysroot));
    }

    [Fact]
    public void Leftovers_of_an_interrupted_deploy_are_removed_by_the_next_one()
    {
        Requires.Root("deployments are root-owned and immutable");
        Requires.Tool("ostree", "chattr");
        using var b = new OstreeSysrootBuilder();
        var c1 = b.Commit("1.0");
        b.OstreeDeploy("--karg=quiet").EnsureSuccess("deploy 1");
        var c2 = b.Commit("2.0");

        // What a crash leaves: a deployment directory without an entry (immutable), its origin, a loader.tmp link,
        // an inactive loader and boot-link set, and a boot directory nobody uses.
        var stray = b.DeploymentDirectory(c2, 7);
        Tool.Check("ostree", "checkout", "--repo=" + b.Repo, c2, stray);
        File.WriteAllText(stray + ".origin", "[origin]\nrefspec=x\n");
        Tool.Check("chattr", "+i", stray);
        File.CreateSymbolicLink(System.IO.Path.Combine(b.Sysroot, "boot/loader.tmp"), "loader.0");
        Directory.CreateDirectory(System.IO.Path.Combine(b.Sysroot, "boot/loader.0/entries"));
        Directory.CreateDirectory(System.IO.Path.Combine(b.Sysroot, "ostree/boot.0.1/testos"));
        Directory.CreateDirectory(System.IO.Path.Combine(b.Sysroot, "boot/ostree/testos-" + new string('e', 64)));

        var ours = OpenOurs(b.Sysroot);
        Assert.Single(ours.Deployments);
        var result = ours.Deploy(new DeployOptions { OsName = "testos", Commit = c2, Refspec = b.Ref }, Token);
        Assert.Equal(0, result.Deployment.DeploySerial);
        Assert.False(Directory.Exists(stray));
        Assert.False(File.Exists(stray + ".origin"));
        Assert.False(Directory.Exists(System.IO.Path.Combine(b.Sysroot, "boot/ostree/testos-" + new string('e', 64))));
        Assert.Equal(Tool.Check("ostree", "admin", "status", "--sysroot=" + b.Sysroot), ours.FormatStatus());
        Tool.Check("ostree", "admin", "deploy", "--sysroot=" + b.Sysroot, "--os=testos", b.Ref);
    }

    /// <summary>The boot configuration as files: loader link, entries with contents, boot links, origins, deployment refs.</summary>
    internal static string BootState(string sysroot)
        => Tool.Shell($"""
            cd '{sysroot}'
            echo "loader -> $(readlink boot/loader)"
            for f in boot/loader/entries/*; do echo "== $f"; cat "$f"; done
            find ostree/boot.* boot/ostree -printf '%p %y %l\n' | sort
            find ostree/deploy -maxdepth 3 -printf '%p %y %m\n' | sort
            for f in ostree/deploy/*/deploy/*.origin; do echo "== $f"; cat "$f"; done
            for f in $(find ostree/repo/refs/heads/ostree -type f | sort); do echo "$f $(cat $f)"; done
            """).EnsureSuccess("boot state").StandardOutput;

    private static void AssertSameBootState(string theirs, string ours)
        => Assert.Equal(BootState(theirs), BootState(ours));

    /// <summary>The repository's object files: after cleanup, what ostree's prune kept must be what ours kept.</summary>
    private static string ObjectListing(string sysroot)
        => Tool.Shell($"cd '{sysroot}/ostree/repo/objects' && find . -type f | sort").EnsureSuccess("objects").StandardOutput;

    private static string LayoutListing(string sysroot)
        => Tool.Shell($"cd '{sysroot}' && find . -path ./ostree/repo -prune -o -printf '%p %y %m %l\\n' | sort").EnsureSuccess("layout").StandardOutput;

    private static string SysrootListing(string sysroot)
        => Tool.Shell($"cd '{sysroot}' && find . -path ./ostree/repo/objects -prune -o -path ./ostree/lock -prune -o -printf '%p %y %m %s %l\\n' | sort").EnsureSuccess("listing").StandardOutput;
}
