using OsTree.Objects;
using OsTree.TestSupport;
using OsTree.Usage;

namespace OsTree.Core.Tests.Usage;

public sealed class SpaceAccountantTests : IDisposable
{
    private readonly TempDirectory _temp = new("ostree-net-usage");

    public void Dispose() => _temp.Dispose();

    private static SpaceAccountingRequest RequestFor(HardLinkSysroot sysroot, int reference)
        => new()
        {
            Deployments = sysroot.Deployments.Select(d => new DeploymentTree(Path.GetFileName(d), d)).ToList(),
            ReferenceId = Path.GetFileName(sysroot.Deployments[reference]),
            RepositoryPath = sysroot.RepositoryPath,
        };

    [Fact]
    public async Task Every_figure_equals_what_du_counts_once_per_inode()
    {
        Requires.Tool("du", "cp");
        var sysroot = HardLinkSysroot.Create(_temp.Path, files: 400, deployments: 4, replaced: 0.10, dangling: 7);
        var d = sysroot.Deployments.ToArray();
        var reference = 3;
        var report = await new SpaceAccountant().MeasureAsync(RequestFor(sysroot, reference), cancellationToken: TestContext.Current.CancellationToken);

        // The union of everything: du counts an inode once across its arguments.
        string[] everything = [.. d, sysroot.ObjectsPath];
        Assert.Equal(Du.Total(everything), report.Totals.All.Bytes);
        Assert.Equal(Du.EachApparent(everything).Sum(), report.Totals.All.ApparentBytes);

        // The partition adds up.
        var t = report.Totals;
        Assert.Equal(t.All, t.SharedBetweenDeployments.Add(t.ExclusiveToOneDeployment).Add(t.RepositoryOnly).Add(t.RetainedTreesOnly));
        Assert.Equal(t.ExclusiveToOneDeployment, report.Deployments.Aggregate(SpaceAmount.Zero, (sum, x) => sum.Add(x.Exclusive)));
        var repo = report.Repository!;
        Assert.Equal(repo.Total, repo.LinkedFromDeployments.Add(repo.Metadata).Add(repo.UnreferencedContent).Add(repo.RetainedContent));
        Assert.Equal(Du.Total(sysroot.ObjectsPath), repo.Total.Bytes);
        Assert.Equal(t.RepositoryOnly, repo.Total.Add(Negate(repo.LinkedFromDeployments)));

        // Repository objects no deployment links: du of the objects after every deployment.
        Assert.Equal(Du.Each([.. d, sysroot.ObjectsPath])[^1], t.RepositoryOnly.Bytes);
        Assert.Equal(sysroot.DanglingObjects.Count, repo.UnreferencedContent.Inodes);

        for (var i = 0; i < d.Length; i++)
        {
            var figures = report.Deployments[i];
            Assert.Equal(Du.Total(d[i]), figures.Total.Bytes);

            // Shared with the reference: du counts the reference first, so the second line is what it lacks.
            var notInReference = i == reference ? 0 : Du.Each(d[reference], d[i])[1];
            Assert.Equal(figures.Total.Bytes - notInReference, figures.SharedWithReference.Bytes);

            // Exclusive: what is left of it after every other deployment has been counted.
            string[] othersFirst = [.. d.Where((_, j) => j != i), d[i]];
            Assert.Equal(Du.Each(othersFirst)[^1], figures.Exclusive.Bytes);

            // Nothing outside the walk links these files, so everything exclusive is freed by deleting it.
            Assert.Equal(figures.Exclusive, figures.FreedIfDeleted);
        }

        // The headline: the other deployments beyond the reference, du counting the reference first.
        string[] referenceFirst = [d[reference], .. d.Where((_, j) => j != reference)];
        Assert.Equal(Du.Each(referenceFirst).Skip(1).Sum(), report.BeyondReference.Bytes);
        Assert.Equal(report.BeyondReference, report.FreedIfAllOthersDeleted);

        // Never the sum of per-deployment exclusives: the older deployments share replaced files among themselves.
        var sumOfOtherExclusives = report.Deployments.Where(x => !x.IsReference).Sum(x => x.FreedIfDeleted.Bytes);
        Assert.True(report.FreedIfAllOthersDeleted.Bytes > sumOfOtherExclusives, $"{report.FreedIfAllOthersDeleted.Bytes} <= {sumOfOtherExclusives}");
        Assert.Equal(0, report.InodesWithOutsideLinks);
        Assert.Equal(0, report.SkippedEntries);
    }

    [Fact]
    public async Task Files_linked_from_outside_the_walk_or_retained_are_never_freeable()
    {
        Requires.Tool("cp");
        var sysroot = HardLinkSysroot.Create(_temp.Path, files: 60, deployments: 2, replaced: 0.5, dangling: 2);
        var old = sysroot.Deployments[0];

        // A user's hard link to one of the old deployment's exclusive files, outside anything walked.
        var before = await new SpaceAccountant().MeasureAsync(RequestFor(sysroot, 1), cancellationToken: TestContext.Current.CancellationToken);
        var outside = Path.Combine(_temp.Path, "outside");
        Directory.CreateDirectory(outside);
        var exclusiveFile = FindExclusiveFile(sysroot);
        HardLinkSysroot.Link(exclusiveFile, Path.Combine(outside, "kept"));

        // And a ref keeps one dangling object.
        var retainedObject = sysroot.DanglingObjects[0];
        var hex = Path.GetFileName(Path.GetDirectoryName(retainedObject)) + Path.GetFileNameWithoutExtension(retainedObject);
        var request = RequestFor(sysroot, 1) with { RetainedContentObjects = [Checksum.Parse(hex)] };
        var after = await new SpaceAccountant().MeasureAsync(request, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(1, after.InodesWithOutsideLinks);
        Assert.Equal(before.Deployments[0].Exclusive, after.Deployments[0].Exclusive);
        Assert.Equal(before.Deployments[0].FreedIfDeleted.Inodes - 1, after.Deployments[0].FreedIfDeleted.Inodes);
        Assert.Equal(before.FreedIfAllOthersDeleted.Inodes - 1, after.FreedIfAllOthersDeleted.Inodes);
        Assert.Equal(1, after.Repository!.RetainedContent.Inodes);
        Assert.Equal(before.Repository!.UnreferencedContent.Inodes - 1, after.Repository.UnreferencedContent.Inodes);
        Assert.True(Directory.Exists(old));
    }

    [Fact]
    public async Task Retained_trees_count_in_the_total_and_are_never_freed()
    {
        Requires.Tool("cp", "du");
        var sysroot = HardLinkSysroot.Create(_temp.Path, files: 40, deployments: 2, replaced: 0.2, dangling: 0);
        var varDir = Path.Combine(_temp.Path, "var");
        Directory.CreateDirectory(Path.Combine(varDir, "lib"));
        await File.WriteAllBytesAsync(Path.Combine(varDir, "lib", "state"), new byte[50_000], TestContext.Current.CancellationToken);
        var request = RequestFor(sysroot, 1) with { RetainedTrees = [varDir] };
        var report = await new SpaceAccountant().MeasureAsync(request, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(Du.Total([.. sysroot.Deployments, sysroot.ObjectsPath, varDir]), report.Totals.All.Bytes);
        Assert.Equal(Du.Total(varDir), report.Totals.RetainedTreesOnly.Bytes);
        Assert.Equal(report.BeyondReference, report.FreedIfAllOthersDeleted);
    }

    [Fact]
    public async Task Refuses_a_reference_that_is_not_a_deployment_and_a_tree_given_twice()
    {
        var a = Directory.CreateDirectory(_temp.Combine("a")).FullName;
        var accountant = new SpaceAccountant();
        var ct = TestContext.Current.CancellationToken;
        await Assert.ThrowsAsync<ArgumentException>(() => accountant.MeasureAsync(new SpaceAccountingRequest { Deployments = [new("a", a)], ReferenceId = "b" }, cancellationToken: ct));
        await Assert.ThrowsAsync<ArgumentException>(() => accountant.MeasureAsync(new SpaceAccountingRequest { Deployments = [new("a", a), new("b", a + "/.")], ReferenceId = "a" }, cancellationToken: ct));
        await Assert.ThrowsAsync<ArgumentException>(() => accountant.MeasureAsync(new SpaceAccountingRequest { Deployments = [new("a", a), new("a", a)], ReferenceId = "a" }, cancellationToken: ct));
        await Assert.ThrowsAsync<DirectoryNotFoundException>(() => accountant.MeasureAsync(new SpaceAccountingRequest { Deployments = [new("a", _temp.Combine("missing"))], ReferenceId = "a" }, cancellationToken: ct));
    }

    [Fact]
    public async Task Reports_progress_per_tree_and_honours_cancellation()
    {
        Requires.Tool("cp");
        var sysroot = HardLinkSysroot.Create(_temp.Path, files: 30, deployments: 3, replaced: 0.1, dangling: 0);
        var seen = new List<SpaceProgress>();
        var progress = new SynchronousProgress<SpaceProgress>(p => { lock (seen) { seen.Add(p); } });
        await new SpaceAccountant().MeasureAsync(RequestFor(sysroot, 2), progress, TestContext.Current.CancellationToken);
        Assert.Equal(4, seen.Count);
        Assert.Equal([1, 2, 3, 4], seen.Select(p => p.TreesWalked).Order());
        Assert.All(seen, p => Assert.Equal(4, p.TreesTotal));

        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new SpaceAccountant().MeasureAsync(RequestFor(sysroot, 2), cancellationToken: cancelled.Token));
    }

    private static string FindExclusiveFile(HardLinkSysroot sysroot)
    {
        var current = sysroot.Deployments[1];
        foreach (var file in Directory.EnumerateFiles(Path.Combine(sysroot.Deployments[0], "usr", "lib"), "*", SearchOption.AllDirectories))
        {
            var same = Path.Combine(current, Path.GetRelativePath(sysroot.Deployments[0], file));
            if (!TestInodes.SameInode(file, same))
            {
                return file;
            }
        }

        throw new InvalidOperationException("No replaced file.");
    }

    private static SpaceAmount Negate(SpaceAmount a) => new(-a.Bytes, -a.ApparentBytes, -a.Inodes);
}
