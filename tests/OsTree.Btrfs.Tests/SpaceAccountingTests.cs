using OsTree.TestSupport;

namespace OsTree.Btrfs.Tests;

/// <summary>
/// The FIEMAP figures against the truth: delete the snapshots, let the cleaner run, and compare with the drop of
/// "Data used" in <c>btrfs filesystem df</c> (btrfs.md §3 test A, scaled down).
/// </summary>
public sealed class SpaceAccountingTests(BtrfsLoopFixture fs) : IClassFixture<BtrfsLoopFixture>
{
    [Fact]
    public async Task Freed_if_deleted_matches_what_deleting_the_snapshots_frees()
    {
        fs.Require();
        var token = TestContext.Current.CancellationToken;
        BtrfsSubvolume.Create(fs.Combine("A"));
        var files = TestTree.Populate(fs.Combine("A"), 400, seed: 11);
        BtrfsSubvolume.Snapshot(fs.Combine("A"), fs.Combine("S1"), readOnly: true);
        TestTree.Rewrite(fs.Combine("A"), files, offset: 0, step: 10, seed: 12);     // 10 %
        BtrfsSubvolume.Snapshot(fs.Combine("A"), fs.Combine("S2"), readOnly: true);
        TestTree.Rewrite(fs.Combine("A"), files, offset: 0, step: 20, seed: 13);     // half of those again: S2-only data
        TestTree.Rewrite(fs.Combine("A"), files, offset: 3, step: 10, seed: 14);     // another 10 %: S1+S2-shared old data

        var accountant = new BtrfsSpaceAccountant();
        var progress = new List<BtrfsScanProgress>();
        var request = new BtrfsSpaceRequest { CurrentImage = fs.Combine("A"), OtherImages = [fs.Combine("S1"), fs.Combine("S2")] };
        var report = await accountant.MeasureAsync(request, new SynchronousProgress(progress), token);

        Assert.Equal(BtrfsSpaceBasis.FiemapData, report.Basis);
        Assert.Equal("data, approximate (no metadata)", report.FreedIfAllOthersDeleted.Covers);
        Assert.Contains("not enabled", report.QgroupUnavailableReason, StringComparison.Ordinal);
        Assert.Equal([true, false, false], report.Images.Select(i => i.IsCurrent));
        Assert.Equal(new BtrfsScanProgress(3, 3, report.FilesScanned), progress[^1]);
        Assert.All(progress.Zip(progress.Skip(1)), pair => Assert.True(
            pair.Second.TreesCompleted >= pair.First.TreesCompleted && pair.Second.FilesScanned >= pair.First.FilesScanned,
            $"progress went back from {pair.First} to {pair.Second}")); // the trees are walked in parallel
        var freedAll = report.FreedIfAllOthersDeleted.Bytes;
        var freedS1Only = report.Images[1].FreedIfOnlyThisDeleted.Bytes;
        var freedS2Only = report.Images[2].FreedIfOnlyThisDeleted.Bytes;
        Assert.True(freedAll > freedS1Only + freedS2Only, "data shared by S1 and S2 only is freed by deleting both, by neither alone");
        Assert.True(freedS2Only > 0 && freedS1Only > 0);

        // A second measurement takes the read-only snapshots from the cache and walks only A.
        var again = await accountant.MeasureAsync(request, cancellationToken: token);
        Assert.Equal(2, accountant.CachedImageCount);
        Assert.Equal(files.Count + 1, again.FilesScanned); // + the empty file; the hard link is the same inode
        Assert.Equal(freedAll, again.FreedIfAllOthersDeleted.Bytes);

        // A changed snapshot has a new generation: its cache entry no longer applies and it is walked again.
        var s1Generation = BtrfsSubvolume.GetInfo(fs.Combine("S1")).Generation;
        BtrfsSubvolume.SetReadOnly(fs.Combine("S1"), false);
        File.WriteAllBytes(fs.Combine("S1", "added-later"), new byte[64 * 1024]);
        BtrfsSubvolume.SetReadOnly(fs.Combine("S1"), true);
        Assert.NotEqual(s1Generation, BtrfsSubvolume.GetInfo(fs.Combine("S1")).Generation);
        var changed = await accountant.MeasureAsync(request, cancellationToken: token);
        Assert.Equal(2 * (files.Count + 1) + 1, changed.FilesScanned);
        Assert.Equal(freedAll + 64 * 1024, changed.FreedIfAllOthersDeleted.Bytes);
        Assert.Equal(freedS1Only + 64 * 1024, changed.Images[1].FreedIfOnlyThisDeleted.Bytes);
        Assert.Throws<IOException>(() => File.Delete(fs.Combine("S1", "added-later"))); // read-only again
        Assert.Equal(freedS2Only, changed.Images[2].FreedIfOnlyThisDeleted.Bytes);
        freedAll = changed.FreedIfAllOthersDeleted.Bytes;

        using var filesystem = BtrfsFilesystem.Open(fs.MountPoint);
        var before = fs.DataUsedBytes();
        var s2 = BtrfsSubvolume.GetId(fs.Combine("S2"));
        BtrfsSubvolume.Delete(fs.Combine("S2"));
        await filesystem.WaitForDeletedSubvolumesAsync([s2], token);
        var afterS2 = fs.DataUsedBytes();
        var s1 = BtrfsSubvolume.GetId(fs.Combine("S1"));
        BtrfsSubvolume.Delete(fs.Combine("S1"));
        await filesystem.WaitForDeletedSubvolumesAsync([s1], token);
        var afterBoth = fs.DataUsedBytes();

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"freed if S2 deleted: predicted {freedS2Only} B, actual {before - afterS2} B; freed if S1+S2 deleted: predicted {freedAll} B, actual {before - afterBoth} B");
        AssertWithin2Percent(freedS2Only, before - afterS2, "deleting S2 alone");
        AssertWithin2Percent(freedAll, before - afterBoth, "deleting S1 and S2");
    }

    [Fact]
    public async Task Retained_trees_keep_their_data_out_of_the_freed_figures()
    {
        fs.Require();
        var token = TestContext.Current.CancellationToken;
        BtrfsSubvolume.Create(fs.Combine("repo"));
        BtrfsSubvolume.Create(fs.Combine("cur"));
        BtrfsSubvolume.Create(fs.Combine("old"));
        var data = new byte[512 * 1024];
        new Random(5).NextBytes(data);
        File.WriteAllBytes(fs.Combine("repo", "object"), data);
        ReflinkCopy.Copy(fs.Combine("repo", "object"), fs.Combine("old", "file"), requireReflink: true);
        File.WriteAllBytes(fs.Combine("old", "own"), new byte[128 * 1024]);

        var accountant = new BtrfsSpaceAccountant();
        var without = await accountant.MeasureAsync(new BtrfsSpaceRequest { CurrentImage = fs.Combine("cur"), OtherImages = [fs.Combine("old")] }, cancellationToken: token);
        var with = await accountant.MeasureAsync(new BtrfsSpaceRequest { CurrentImage = fs.Combine("cur"), OtherImages = [fs.Combine("old")], RetainedPaths = [fs.Combine("repo")] }, cancellationToken: token);

        Assert.Equal(640UL * 1024, without.FreedIfAllOthersDeleted.Bytes);
        Assert.Equal(128UL * 1024, with.FreedIfAllOthersDeleted.Bytes);
        Assert.Equal(128UL * 1024, with.Images[1].FreedIfOnlyThisDeleted.Bytes);
        Assert.Equal(640UL * 1024, with.Images[1].Referenced.Bytes);
        Assert.Equal(2, with.Images.Count);
        Assert.Equal(0, accountant.CachedImageCount); // nothing here is a read-only subvolume
        await Assert.ThrowsAsync<InvalidOperationException>(() => accountant.MeasureAsync(
            new BtrfsSpaceRequest { CurrentImage = fs.Combine("cur"), OtherImages = [fs.Combine("old")], Method = BtrfsSpaceMethod.Qgroup }, cancellationToken: token));
    }

    private static void AssertWithin2Percent(ulong predicted, ulong actual, string what)
    {
        var difference = Math.Abs((double)predicted - actual);
        Assert.True(actual > 0, $"{what} freed nothing");
        Assert.True(difference <= 0.02 * actual, $"{what}: predicted {predicted} B, freed {actual} B ({difference / actual:P2} off)");
    }

    private sealed class SynchronousProgress(List<BtrfsScanProgress> sink) : IProgress<BtrfsScanProgress>
    {
        public void Report(BtrfsScanProgress value)
        {
            lock (sink)
            {
                sink.Add(value);
            }
        }
    }
}
