using OsTree.TestSupport;

namespace OsTree.Btrfs.Tests;

public sealed class ReflinkTests(BtrfsLoopFixture fs) : IClassFixture<BtrfsLoopFixture>
{
    [Fact]
    public void Reflink_copy_shares_every_extent_and_keeps_its_own_inode()
    {
        fs.Require();
        var source = fs.Combine("reflink-source");
        var data = new byte[3 * 1024 * 1024 + 123];
        new Random(42).NextBytes(data);
        File.WriteAllBytes(source, data);
        File.SetUnixFileMode(source, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        Assert.All(BtrfsFile.GetExtents(source), e => Assert.False(e.Flags.HasFlag(FileExtentFlags.Shared)));

        var copy = fs.Combine("reflink-copy");
        Assert.Equal(ReflinkCopyResult.Cloned, ReflinkCopy.Copy(source, copy, requireReflink: true));

        Assert.Equal(data, File.ReadAllBytes(copy));
        Assert.Equal(File.GetUnixFileMode(source), File.GetUnixFileMode(copy));
        var sourceExtents = BtrfsFile.GetExtents(source);
        var copyExtents = BtrfsFile.GetExtents(copy);
        Assert.NotEmpty(sourceExtents);
        Assert.Equal(sourceExtents.Select(e => (e.Physical, e.Length)), copyExtents.Select(e => (e.Physical, e.Length)));
        Assert.All(sourceExtents.Concat(copyExtents), e => Assert.True(e.Flags.HasFlag(FileExtentFlags.Shared), $"extent at {e.Logical} is not shared"));
        Assert.True(sourceExtents[^1].Flags.HasFlag(FileExtentFlags.Last));

        // The copy is its own inode: writing it leaves the source alone (no hard-link corruption).
        Assert.NotEqual(Tool.Check("stat", "-c", "%i", source), Tool.Check("stat", "-c", "%i", copy));
        using (var stream = new FileStream(copy, FileMode.Open, FileAccess.Write))
        {
            stream.Write("changed"u8);
        }

        Assert.Equal(data, File.ReadAllBytes(source));
        Assert.Equal("changed"u8.ToArray(), File.ReadAllBytes(copy)[..7]);
    }

    [Fact]
    public void Copy_refuses_to_overwrite_unless_asked()
    {
        fs.Require();
        File.WriteAllText(fs.Combine("ow-source"), "new");
        File.WriteAllText(fs.Combine("ow-target"), "old content that is longer");
        Assert.Throws<IOException>(() => ReflinkCopy.Copy(fs.Combine("ow-source"), fs.Combine("ow-target")));
        Assert.Equal("old content that is longer", File.ReadAllText(fs.Combine("ow-target")));
        ReflinkCopy.Copy(fs.Combine("ow-source"), fs.Combine("ow-target"), overwrite: true);
        Assert.Equal("new", File.ReadAllText(fs.Combine("ow-target")));
    }

    [Fact]
    public void Clone_range_shares_only_that_range()
    {
        fs.Require();
        var source = fs.Combine("range-source");
        var data = new byte[1024 * 1024];
        new Random(7).NextBytes(data);
        File.WriteAllBytes(source, data);
        var target = fs.Combine("range-target");
        File.WriteAllBytes(target, new byte[1024 * 1024]);
        Tool.Check("sync");

        using (var src = File.OpenHandle(source))
        using (var dst = File.OpenHandle(target, FileMode.Open, FileAccess.ReadWrite))
        {
            BtrfsFile.CloneRange(src, 256 * 1024, 256 * 1024, dst, 512 * 1024);
        }

        var result = File.ReadAllBytes(target);
        Assert.Equal(data.AsSpan(256 * 1024, 256 * 1024).ToArray(), result.AsSpan(512 * 1024, 256 * 1024).ToArray());
        Assert.All(result.AsSpan(0, 512 * 1024).ToArray(), b => Assert.Equal(0, b));
        var shared = BtrfsFile.GetExtents(target).Where(e => e.Flags.HasFlag(FileExtentFlags.Shared)).ToList();
        Assert.Equal(256UL * 1024, (ulong)shared.Sum(e => (long)e.Length));
        Assert.Equal(512UL * 1024, shared[0].Logical);
    }

    [Fact]
    public void Fresh_data_has_a_location_only_with_FIEMAP_FLAG_SYNC()
    {
        fs.Require();
        var path = fs.Combine("delalloc");
        File.WriteAllBytes(path, new byte[256 * 1024]);
        var unsynced = BtrfsFile.GetExtents(path, sync: false);
        var synced = BtrfsFile.GetExtents(path, sync: true);
        Assert.All(synced, e => Assert.True(e.OccupiesDataSpace));
        Assert.Equal(256UL * 1024, (ulong)synced.Sum(e => (long)e.Length));
        Assert.True(unsynced.Count == 0 || unsynced.Any(e => e.Flags.HasFlag(FileExtentFlags.Delalloc)) || unsynced.All(e => e.OccupiesDataSpace));
    }
}
