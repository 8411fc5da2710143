using OsTree.Checkout;
using OsTree.Objects;
using OsTree.Repositories;
using OsTree.TestSupport;

namespace OsTree.Btrfs.Tests;

/// <summary>Core's checkout engine with <see cref="ReflinkMaterializer"/>, on a repository made by the real <c>ostree</c>.</summary>
public sealed class ReflinkMaterializerTests(BtrfsLoopFixture fs) : IClassFixture<BtrfsLoopFixture>
{
    [Fact]
    public async Task Checkout_shares_extents_with_the_repository_but_not_its_inodes()
    {
        fs.Require();
        Requires.Tool("ostree");
        var (repo, commit, files) = MakeRepository("reflink");
        var target = fs.Combine("deploy-reflink");

        CheckoutResult result;
        using (var engine = new CheckoutEngine(new CheckoutSource(repo, RepositoryMode.Bare), Options, TestContext.Current.CancellationToken))
        {
            result = engine.Run(Checksum.Parse(commit), target);
        }

        Assert.Equal(0, result.HardLinks);
        Assert.Equal(files.Count + 2, result.Copies); // + the hard link's second name and the empty file
        var expected = fs.Combine("tree-reflink");
        foreach (var relative in files.Take(40))
        {
            var ours = Path.Combine(target, relative);
            Assert.Equal(File.ReadAllBytes(Path.Combine(expected, relative)), File.ReadAllBytes(ours));
            Assert.Equal(Tool.Check("stat", "-c", "%a %u %g", Path.Combine(expected, relative)), Tool.Check("stat", "-c", "%a %u %g", ours));
            Assert.Equal("1", Tool.Check("stat", "-c", "%h", ours).Trim()); // its own inode, not a link to the object
            var extents = BtrfsFile.GetExtents(ours).Where(e => e.OccupiesDataSpace).ToList();
            Assert.All(extents, e => Assert.True(e.Flags.HasFlag(FileExtentFlags.Shared), $"{relative} at {e.Logical} is not shared"));
        }

        // Writing the checked-out file leaves the repository intact.
        File.WriteAllText(Path.Combine(target, files[2]), "edited by an administrator");
        Assert.Equal(0, Tool.Run("ostree", "fsck", $"--repo={repo}").ExitCode);

        // The whole checkout costs no data beyond the repository: every data byte of it is shared.
        var usage = (await BtrfsDiskUsage.MeasureAsync([Path.Combine(target, "usr")], includeFiles: false, cancellationToken: TestContext.Current.CancellationToken))[0];
        Assert.True(usage.Exclusive <= 4096, $"checkout has {usage.Exclusive} exclusive bytes");
        Assert.True(usage.Total > 1_000_000);
    }

    [Fact]
    public void Checkout_to_another_filesystem_falls_back_to_copying()
    {
        fs.Require();
        Requires.Tool("ostree");
        var (repo, commit, files) = MakeRepository("fallback");
        using var ext4 = new TempDirectory("ostree-net-btrfs-fallback");
        var target = Path.Combine(ext4.Path, "deploy");
        using (var engine = new CheckoutEngine(new CheckoutSource(repo, RepositoryMode.Bare), Options, TestContext.Current.CancellationToken))
        {
            var result = engine.Run(Checksum.Parse(commit), target);
            Assert.Equal(files.Count + 2, result.Copies);
        }

        Assert.Equal(File.ReadAllBytes(fs.Combine("tree-fallback", files[5])), File.ReadAllBytes(Path.Combine(target, files[5])));
    }

    private static CheckoutOptions Options => new() { ForceCopy = true, CopyMaterializer = ReflinkMaterializer.Instance };

    private (string Repo, string Commit, List<string> Files) MakeRepository(string name)
    {
        var repo = fs.Combine("repo-" + name);
        var tree = fs.Combine("tree-" + name);
        var files = TestTree.Populate(tree, 80, seed: 31);
        File.Delete(Path.Combine(tree, "usr/lib/pkg0/symlink"));
        Tool.Check("ostree", "init", $"--repo={repo}", "--mode=bare");
        var commit = Tool.Check("ostree", "commit", $"--repo={repo}", "-b", "main", "--no-bindings", "-s", "test", "--timestamp=@1577836800", tree).Trim();
        return (repo, commit, files);
    }
}
