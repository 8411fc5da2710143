using OsTree.TestSupport;

namespace OsTree.Cli.Tests.Transactions;

/// <summary><c>otree admin transaction -- rpm -i …</c> on an rpm tree deployed by the real ostree.</summary>
public sealed class RpmTransactionTests(RpmTransactionTree tree) : IClassFixture<RpmTransactionTree>
{
    [Fact]
    public void Rpm_install_makes_a_new_deployment_with_the_package_and_leaves_the_previous_one_untouched()
    {
        tree.Require();
        using var work = new TempDirectory("ostree-net-txn-rpmsys");
        var sysroot = TransactionTrees.CreateSysroot(work.Path, tree.Repository, "fx");
        var repo = "--repo=" + Path.Combine(sysroot, "ostree", "repo");
        var previous = SysrootState.DeploymentDirectory(sysroot, 0);
        var baseCommit = Tool.Check("ostree", "rev-parse", repo, "fx/stable").Trim();
        var previousBefore = SysrootState.Tree(previous);

        var output = Otree.Check(
            "admin", "transaction", "--sysroot=" + sysroot, "--yes", "--bind=" + tree.RpmDirectory + ":/mnt/rpms",
            "--", "rpm", "-i", "--dbpath", "/usr/lib/sysimage/rpm", "--nodeps", "--noscripts", "--noplugins", "/mnt/rpms/fx-new-2.0-1.noarch.rpm");
        Assert.Contains("Added:", output, StringComparison.Ordinal);
        Assert.Contains("fx-new-2.0-1.noarch", output, StringComparison.Ordinal);

        var head = Tool.Check("ostree", "rev-parse", repo, "fx/stable").Trim();
        Assert.NotEqual(baseCommit, head);
        Assert.Contains(head + ".0", Tool.Check("ostree", "admin", "status", "--sysroot=" + sysroot), StringComparison.Ordinal);
        Assert.Equal(["fx-base-1.0-1.noarch", "fx-new-2.0-1.noarch"], Otree.Check("db", "list", repo, head).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var pkglist = Tool.Check("ostree", "show", repo, "--print-metadata-key=rpmostree.rpmdb.pkglist", head);
        Assert.Contains("('fx-new', '0', '2.0', '1', 'noarch')", pkglist, StringComparison.Ordinal);

        Tool.Check("ostree", "fsck", repo);

        // rpm itself reads the new deployment's database, from a copy: even a query writes to the sqlite file, and the
        // deployment's files are hard links to repository objects.
        var deployed = SysrootState.DeploymentDirectory(sysroot, 0);
        Tool.Check("cp", "-a", Path.Combine(deployed, "usr", "lib", "sysimage", "rpm"), work.Combine("rpmdb"));
        Assert.Equal("fx-new-2.0-1.noarch", Tool.Check("rpm", "--dbpath", work.Combine("rpmdb"), "-q", "fx-new").Trim());
        Assert.Equal("fx-new=1\n", File.ReadAllText(Path.Combine(deployed, "usr", "etc", "fx-new.conf")));
        Assert.Equal(previousBefore, SysrootState.Tree(previous));
        Tool.Check("ostree", "fsck", repo);
    }
}
