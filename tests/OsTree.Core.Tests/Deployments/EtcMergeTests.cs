using OsTree.Deployments;
using OsTree.TestSupport;

namespace OsTree.Core.Tests.Deployments;

/// <summary>R9: every case of the /etc table (ostree-format.md §7), our merge against <c>ostree admin deploy</c>'s.</summary>
public sealed class EtcMergeTests
{
    /// <summary>Upstream tree 1: the base tree plus the files the cases need.</summary>
    private const string Upstream1 = """
        E=usr/etc
        mkdir -p $E/f2b-parent $E/modedir $E/modedir2 $E/gone-upstream
        echo f2b >$E/f2b
        echo m >$E/modedir/file
        echo m >$E/modedir2/file
        echo g >$E/gone-upstream/keep.conf
        echo c >$E/chmod-only.conf
        """;

    /// <summary>Upstream tree 2: what the next commit changes.</summary>
    private const string Upstream2 = """
        E=usr/etc
        echo 'a=2' >$E/a.conf
        echo 'b=2' >$E/sub/b.conf
        echo 'hosts 2' >$E/hosts
        echo 'c=2' >$E/chmod-only.conf
        echo up >$E/up.conf
        rm -rf $E/gone-upstream
        """;

    /// <summary>The administrator's edits of the deployed /etc.</summary>
    private const string LocalEdits = """
        echo 'a=local' >a.conf
        chmod 600 sub/b.conf
        chmod 640 chmod-only.conf
        rm hosts
        echo new >new.conf
        mkdir -p newdir/deeper && echo x >newdir/deeper/x.conf && chmod 751 newdir
        ln -sfn sub/b.conf link.conf
        rm f2b && mkdir f2b && echo inner >f2b/inner.conf
        chmod 700 modedir
        chmod 700 modedir2 && echo changed >modedir2/file
        echo 'g=local' >gone-upstream/keep.conf && chmod 711 gone-upstream
        """;

    [Fact]
    public void Every_case_of_the_table_matches_ostree_admin_deploy()
    {
        Requires.Root("ostree admin deploy");
        Requires.Tool("ostree");
        using var b = new OstreeSysrootBuilder();
        Tool.Shell(Upstream1, b.Tree).EnsureSuccess("upstream 1");
        var c1 = b.Commit("1.0");
        b.OstreeDeploy("--karg=quiet").EnsureSuccess("deploy 1");
        var old = b.DeploymentDirectory(c1);
        Tool.Shell(LocalEdits, System.IO.Path.Combine(old, "etc")).EnsureSuccess("local edits");
        Tool.Shell(Upstream2, b.Tree).EnsureSuccess("upstream 2");
        var c2 = b.Commit("2.0");

        // Ours: the new /etc is a copy of the new usr/etc (ostree checkout -C of the subpath), merged by EtcMerge.
        var ours = b.Temp("ours-etc");
        Tool.Check("ostree", "checkout", "--repo=" + b.Repo, "-C", "--subpath=/usr/etc", c2, ours);
        var plan = EtcMerge.Plan(System.IO.Path.Combine(old, "usr/etc"), System.IO.Path.Combine(old, "etc"), ours, TestContext.Current.CancellationToken);
        var before = Listing(ours);
        Assert.False(plan.HasConflicts, string.Join("\n", plan.Conflicts));
        Assert.Equal(before, Listing(ours)); // planning changes nothing
        EtcMerge.Apply(plan, null, TestContext.Current.CancellationToken);

        b.OstreeDeploy().EnsureSuccess("deploy 2");
        var theirs = System.IO.Path.Combine(b.DeploymentDirectory(c2), "etc");

        Assert.Equal(Listing(theirs), Listing(ours));
        var diff = Tool.Run("diff", "-r", "--no-dereference", theirs, ours);
        Assert.True(diff.ExitCode == 0, diff.StandardOutput + diff.StandardError);

        // The table, spelled out on the result.
        Assert.Equal("a=local\n", File.ReadAllText(System.IO.Path.Combine(ours, "a.conf")));
        Assert.Equal("b=1\n", File.ReadAllText(System.IO.Path.Combine(ours, "sub/b.conf")));
        Assert.False(File.Exists(System.IO.Path.Combine(ours, "hosts")));
        Assert.Equal("up\n", File.ReadAllText(System.IO.Path.Combine(ours, "up.conf")));
        Assert.Equal("sub/b.conf", new FileInfo(System.IO.Path.Combine(ours, "link.conf")).LinkTarget);
        Assert.True(Directory.Exists(System.IO.Path.Combine(ours, "f2b")));

        // The report: what is kept, replaced, removed, lost.
        var actions = plan.Entries.ToDictionary(e => e.Path, e => e.Action);
        Assert.Equal(EtcMergeAction.Replace, actions["a.conf"]);
        Assert.Equal(EtcMergeAction.Replace, actions["sub/b.conf"]);
        Assert.Equal(EtcMergeAction.Replace, actions["chmod-only.conf"]);
        Assert.Equal(EtcMergeAction.Remove, actions["hosts"]);
        Assert.True(plan.Entries.Single(e => e.Path == "hosts").UpstreamChanged);
        Assert.Equal(EtcMergeAction.Keep, actions["new.conf"]);
        Assert.Equal(EtcMergeAction.Keep, actions["newdir"]);
        Assert.Equal(EtcMergeAction.Keep, actions["link.conf"]);
        Assert.Equal(EtcMergeAction.Keep, actions["f2b"]);
        Assert.Equal(EtcMergeAction.Lost, actions["modedir"]);
        Assert.Equal(EtcMergeAction.Keep, actions["modedir2"]);
        Assert.Equal(EtcMergeAction.Replace, actions["gone-upstream/keep.conf"]);
        Assert.Contains(plan.UpstreamChanges, c => c.Path == "up.conf" && c.Kind == EtcChangeKind.Added);
        Assert.DoesNotContain(plan.UpstreamChanges, c => c.Path == "a.conf");
    }

    [Fact]
    public void A_modified_file_that_became_a_directory_upstream_fails_in_both_and_nothing_changes()
    {
        Requires.Root("ostree admin deploy");
        Requires.Tool("ostree");
        using var b = new OstreeSysrootBuilder();
        Tool.Shell("echo x >usr/etc/becomes-dir", b.Tree).EnsureSuccess("tree");
        var c1 = b.Commit("1.0");
        b.OstreeDeploy("--karg=quiet").EnsureSuccess("deploy 1");
        var old = b.DeploymentDirectory(c1);
        File.WriteAllText(System.IO.Path.Combine(old, "etc/becomes-dir"), "local\n");
        Tool.Shell("rm usr/etc/becomes-dir && mkdir usr/etc/becomes-dir && echo y >usr/etc/becomes-dir/part.conf", b.Tree).EnsureSuccess("tree 2");
        var c2 = b.Commit("2.0");

        var ours = b.Temp("ours-etc");
        Tool.Check("ostree", "checkout", "--repo=" + b.Repo, "-C", "--subpath=/usr/etc", c2, ours);
        var before = Listing(ours);
        var plan = EtcMerge.Plan(System.IO.Path.Combine(old, "usr/etc"), System.IO.Path.Combine(old, "etc"), ours, TestContext.Current.CancellationToken);
        var conflict = Assert.Single(plan.Conflicts);
        Assert.Equal("becomes-dir", conflict.Path);
        var error = Assert.Throws<EtcMergeConflictException>(() => EtcMerge.Apply(plan, null, TestContext.Current.CancellationToken));
        Assert.Contains("Modified config file newly defaults to directory 'becomes-dir'", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Listing(ours));

        var result = b.OstreeDeploy();
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Modified config file newly defaults to directory 'becomes-dir'", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_diff_prints_what_ostree_admin_config_diff_prints()
    {
        Requires.Root("ostree admin deploy");
        Requires.Tool("ostree");
        using var b = new OstreeSysrootBuilder();
        Tool.Shell(Upstream1, b.Tree).EnsureSuccess("upstream 1");
        var c1 = b.Commit("1.0");
        b.OstreeDeploy("--karg=quiet").EnsureSuccess("deploy 1");
        var old = b.DeploymentDirectory(c1);
        Tool.Shell(LocalEdits, System.IO.Path.Combine(old, "etc")).EnsureSuccess("local edits");

        var expected = Tool.Check("ostree", "admin", "config-diff", "--sysroot=" + b.Sysroot, "--os=testos");
        var ours = EtcMerge.Diff(System.IO.Path.Combine(old, "usr/etc"), System.IO.Path.Combine(old, "etc"), TestContext.Current.CancellationToken);
        Assert.Equal(expected, string.Concat(ours.Select(c => c + "\n")));
        Assert.Contains(ours, c => c.Kind == EtcChangeKind.Removed && c.Path == "hosts");
    }

    /// <summary>Every path with type, mode, owner, size and link target: what <c>diff -r</c> does not compare.</summary>
    internal static string Listing(string root)
        => Tool.Shell($"cd '{root}' && find . -printf '%P %M %U %G %s %l\\n' | sort").EnsureSuccess("find").StandardOutput;
}
