using OsTree.Checkout;
using OsTree.Repositories;
using OsTree.Trees;
using OsTree.TestSupport;

namespace OsTree.Core.Tests.Checkout;

/// <summary>A <see cref="CheckoutSession"/> runs many checkouts of one repository; each run counts only itself.</summary>
public sealed class CheckoutSessionTests
{
    [Fact]
    public void A_session_checks_out_several_subpaths_and_files_one_after_another()
    {
        using var temp = new TempDirectory();
        var tree = temp.Combine("tree");
        Directory.CreateDirectory(Path.Combine(tree, "usr/bin"));
        Directory.CreateDirectory(Path.Combine(tree, "usr/share/doc"));
        File.WriteAllText(Path.Combine(tree, "usr/bin/tool"), "tool\n");
        File.WriteAllText(Path.Combine(tree, "usr/share/doc/a"), "a\n");
        File.WriteAllText(Path.Combine(tree, "usr/share/doc/b"), "b\n");
        var repository = Repository.Create(temp.Combine("repo"), RepositoryMode.BareUserOnly);
        var commit = repository.CommitDirectory(tree, new CommitOptions { Subject = "s" });

        using var session = repository.OpenCheckoutSession(new CheckoutOptions { UserMode = true }, TestContext.Current.CancellationToken);
        var docs = session.Run(commit, "/usr/share/doc", temp.Combine("docs"));
        Directory.CreateDirectory(temp.Combine("bin"));
        var tool = session.Run(commit, "/usr/bin/tool", temp.Combine("bin"));
        var whole = session.Run(commit, null, temp.Combine("whole"));

        Assert.Equal(2, docs.Files);
        Assert.Equal(1, tool.Files);
        Assert.Equal(3, whole.Files);
        Assert.Equal("b\n", File.ReadAllText(temp.Combine("docs/b")));
        Assert.Equal("tool\n", File.ReadAllText(temp.Combine("bin/tool")));
        Assert.Equal("a\n", File.ReadAllText(temp.Combine("whole/usr/share/doc/a")));
        Assert.Throws<CheckoutException>(() => session.Run(commit, "/usr/missing", temp.Combine("missing")));
        Assert.Equal(1, session.Run(commit, "/usr/bin", temp.Combine("bin2")).Files); // still usable after a failure
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void A_session_checks_out_a_directory_by_its_dirtree_and_files_by_their_entries()
    {
        using var temp = new TempDirectory();
        var tree = temp.Combine("tree");
        Directory.CreateDirectory(Path.Combine(tree, "usr/share/doc/sub"));
        File.WriteAllText(Path.Combine(tree, "usr/share/doc/a"), "a\n");
        File.WriteAllText(Path.Combine(tree, "usr/share/doc/b"), "b\n");
        File.WriteAllText(Path.Combine(tree, "usr/share/doc/c"), "c\n");
        File.WriteAllText(Path.Combine(tree, "usr/share/doc/sub/d"), "d\n");
        File.SetUnixFileMode(Path.Combine(tree, "usr/share/doc"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        var repository = Repository.Create(temp.Combine("repo"), RepositoryMode.BareUserOnly);
        var commit = repository.CommitDirectory(tree, new CommitOptions { Subject = "s" });
        var root = repository.ReadDirTree(repository.ReadCommit(commit).RootTree);
        Assert.True(root.TryGetDirectory("usr", out var usr));
        Assert.True(repository.ReadDirTree(usr.TreeChecksum).TryGetDirectory("share", out var share));
        Assert.True(repository.ReadDirTree(share.TreeChecksum).TryGetDirectory("doc", out var doc));
        var docTree = repository.ReadDirTree(doc.TreeChecksum);

        using var session = repository.OpenCheckoutSession(new CheckoutOptions { UserMode = true }, TestContext.Current.CancellationToken);
        var whole = session.RunTree(doc.TreeChecksum, doc.MetaChecksum, temp.Combine("doc"));
        Directory.CreateDirectory(temp.Combine("some"));
        File.WriteAllText(temp.Combine("some/kept"), "kept\n");
        var some = session.RunFiles([docTree.Files[0], docTree.Files[2]], temp.Combine("some"));
        var fresh = session.RunFiles([docTree.Files[1]], temp.Combine("fresh"));

        Assert.Equal(4, whole.Files);
        Assert.Equal("d\n", File.ReadAllText(temp.Combine("doc/sub/d")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute, File.GetUnixFileMode(temp.Combine("doc")));
        Assert.Equal(2, some.Files);
        Assert.Equal(["a", "c", "kept"], Directory.EnumerateFiles(temp.Combine("some")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("c\n", File.ReadAllText(temp.Combine("some/c")));
        Assert.Equal(1, fresh.Files);
        Assert.Equal("b\n", File.ReadAllText(temp.Combine("fresh/b")));
        Assert.Throws<CheckoutException>(() => session.RunTree(doc.TreeChecksum, doc.MetaChecksum, temp.Combine("doc")));
        Assert.Throws<CheckoutException>(() => session.RunFiles([docTree.Files[0]], temp.Combine("some")));
    }
}
