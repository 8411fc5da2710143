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
}
