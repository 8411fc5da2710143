using System.Globalization;
using OsTree.Objects;
using OsTree.TestSupport;
using OsTree.Usage;

namespace OsTree.Core.Tests.Usage;

public sealed class SpacePreflightTests
{
    private static Checksum Id(int i) => Checksum.Compute(BitConverter.GetBytes(i));

    [Theory]
    [InlineData(null, null, 0UL, 3)]
    [InlineData("500MB", null, 500UL, 0)]
    [InlineData("2GB", null, 2048UL, 0)]
    [InlineData("1TB", "10", 1UL << 20, 10)]
    [InlineData(null, "0", 0UL, 0)]
    [InlineData("0MB", "7", 0UL, 7)]
    public void Reads_the_floor_as_libostree(string? size, string? percent, ulong megabytes, int expectedPercent)
        => Assert.Equal(new MinimumFreeSpace(megabytes, expectedPercent), MinimumFreeSpace.Parse(size, percent));

    [Theory]
    [InlineData("500", null)]
    [InlineData("500mb", null)]
    [InlineData("-1MB", null)]
    [InlineData("MB", null)]
    [InlineData("99999999999999999TB", null)]
    [InlineData(null, "100")]
    [InlineData(null, "3%")]
    [InlineData(null, "-3")]
    public void Refuses_what_libostree_refuses(string? size, string? percent)
        => Assert.Throws<FormatException>(() => MinimumFreeSpace.Parse(size, percent));

    [Fact]
    public void A_non_zero_size_wins_over_the_percentage()
    {
        var fs = new FileSystemSpace(4096, 100L << 30, 10L << 30, 9L << 30);
        Assert.Equal(500L << 20, MinimumFreeSpace.Parse("500MB", "50").ReservedBytes(fs));
        Assert.Equal((long)((100L << 30) * 0.03), MinimumFreeSpace.Default.ReservedBytes(fs));
    }

    [Fact]
    public void Counts_distinct_new_objects_in_blocks_as_the_transaction_does()
    {
        // 1 MiB filesystem of 4 KiB blocks, 100 blocks free (90 for users), floor 10 blocks.
        var fs = new FileSystemSpace(4096, 1L << 20, 100 * 4096, 90 * 4096);
        var floor = new MinimumFreeSpace(0, 4); // 4 % of 1 MiB = 41943 B = 10 blocks
        PendingObject[] files = [new(Id(1), 0), new(Id(2), 4096), new(Id(2), 4096), new(Id(3), 10_000), new(Id(4), 123)];
        var report = SpacePreflight.Check(fs, privileged: true, files, id => id == Id(4), floor, CancellationToken.None);

        // 0 B -> 1 block, 4096 B -> 2 blocks, 10000 B -> 3 blocks; the duplicate and the stored object cost nothing.
        Assert.Equal(3, report.NewObjects);
        Assert.Equal(14096, report.NewObjectsApparentBytes);
        Assert.Equal(6 * 4096, report.RequiredBytes);
        Assert.Equal(100 * 4096, report.FreeBytes);
        Assert.Equal(41943, report.ReservedBytes);
        Assert.Equal((100 - 10) * 4096, report.UsableBytes);
        Assert.True(report.Fits);

        // Unprivileged, and a big object: 90 - 10 = 80 blocks usable, 100 needed.
        var big = SpacePreflight.Check(fs, privileged: false, [new(Id(9), 99 * 4096)], _ => false, floor, CancellationToken.None);
        Assert.False(big.Fits);
        Assert.Equal(80 * 4096, big.UsableBytes);
        Assert.Equal(20 * 4096, big.ShortfallBytes);
    }

    [Fact]
    public void Free_space_is_what_statvfs_says()
    {
        Requires.Tool("stat");
        var path = Path.GetTempPath();
        var fields = Tool.Check("stat", "-f", "-c", "%S %b %s", path).Split(' ').Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var space = FileSystemSpace.Get(path);
        Assert.Equal(fields[2], space.BlockSize);
        Assert.Equal(fields[0] * fields[1], space.TotalBytes);
        Assert.True(space.AvailableBytes <= space.FreeBytes);
        Assert.Throws<FileNotFoundException>(() => FileSystemSpace.Get(Path.Combine(path, Guid.NewGuid().ToString("N"))));

        var report = SpacePreflight.Check(path, [new(Id(1), 1000)], _ => false, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(1, report.NewObjects);
        Assert.Equal(space.BlockSize, report.RequiredBytes);
    }
}
