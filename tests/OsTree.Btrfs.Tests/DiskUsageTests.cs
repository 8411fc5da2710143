using System.Globalization;
using OsTree.TestSupport;

namespace OsTree.Btrfs.Tests;

public sealed class DiskUsageTests(BtrfsLoopFixture fs) : IClassFixture<BtrfsLoopFixture>
{
    [Fact]
    public async Task Per_file_shared_and_exclusive_equal_btrfs_filesystem_du()
    {
        fs.Require();
        BtrfsSubvolume.Create(fs.Combine("A"));
        var files = TestTree.Populate(fs.Combine("A"), 120, seed: 1);
        BtrfsSubvolume.Snapshot(fs.Combine("A"), fs.Combine("S1"), readOnly: true);
        TestTree.Rewrite(fs.Combine("A"), files, offset: 0, step: 10, seed: 2);
        BtrfsSubvolume.Snapshot(fs.Combine("A"), fs.Combine("S2"), readOnly: true);
        TestTree.Rewrite(fs.Combine("A"), files, offset: 5, step: 10, seed: 3);
        ReflinkCopy.Copy(fs.Combine("A", files[3]), fs.Combine("A", "usr", "reflinked"), requireReflink: true);
        BtrfsSubvolume.Create(fs.Combine("A", "usr", "nested"));
        File.WriteAllBytes(fs.Combine("A", "usr", "nested", "inside"), new byte[40_000]);
        Tool.Check("btrfs", "filesystem", "sync", fs.MountPoint);

        string[] arguments = ["A", "S1", "S2", "A/" + files[7]];
        var ours = await BtrfsDiskUsage.MeasureAsync(arguments.Select(a => fs.Combine(a)), cancellationToken: TestContext.Current.CancellationToken);
        var theirs = Tool.RunIn(fs.MountPoint, "btrfs", ["filesystem", "du", "--raw", .. arguments]).EnsureSuccess("btrfs filesystem du").StandardOutput;

        var lines = theirs.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(line => line.Split(' ', 4, StringSplitOptions.RemoveEmptyEntries))
            .Select(p => (Total: ulong.Parse(p[0], CultureInfo.InvariantCulture), Exclusive: ulong.Parse(p[1], CultureInfo.InvariantCulture), SetShared: p[2], Path: p[3]))
            .ToList();

        // Argument lines carry "Set shared"; file lines must match ours one for one.
        for (var i = 0; i < arguments.Length; i++)
        {
            var summary = lines.Last(l => l.Path == arguments[i]);
            Assert.Equal((summary.Total, summary.Exclusive, summary.SetShared), (ours[i].Total, ours[i].Exclusive, ours[i].SetShared.ToString(CultureInfo.InvariantCulture)));
        }

        var fileLines = lines.Where(l => l.SetShared == "-" && File.Exists(Path.Combine(fs.MountPoint, l.Path)) && !Directory.Exists(Path.Combine(fs.MountPoint, l.Path)))
            .Select(l => $"{l.Path} {l.Total} {l.Exclusive}").Order(StringComparer.Ordinal).ToList();
        var ourFiles = ours.Take(3).SelectMany(s => s.Files)
            .Select(f => $"{Path.GetRelativePath(fs.MountPoint, f.Path)} {f.Total} {f.Exclusive}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(fileLines, ourFiles);

        // The trees really share and really differ, so the comparison is not trivially zero.
        Assert.True(ours[0].Exclusive > 0 && ours[1].SetShared > 0 && ours[0].Total > 1_000_000);
        Assert.Contains(ours[0].Files, f => f.Path.EndsWith("usr/nested/inside", StringComparison.Ordinal));
        Assert.DoesNotContain(ours[0].Files, f => f.Path.EndsWith(".link", StringComparison.Ordinal) && ours[0].Files.Any(g => g.Path + ".link" == f.Path));
    }
}
