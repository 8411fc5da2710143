using OsTree.TestSupport;

namespace OsTree.Btrfs.Tests;

/// <summary>On ext4 (the temp directory here) and tmpfs every btrfs operation says so; reflink copy falls back to copying.</summary>
public sealed class NotBtrfsTests
{
    public static TheoryData<string> Filesystems => ["ext4", "tmpfs"];

    [Theory]
    [MemberData(nameof(Filesystems))]
    public void Btrfs_operations_raise_NotSupportedException_naming_the_filesystem(string kind)
    {
        using var place = Place(kind);
        var directory = place.Path;
        Assert.False(BtrfsFilesystem.IsBtrfs(directory));
        Assert.False(BtrfsSubvolume.IsSubvolume(directory));
        var error = Assert.Throws<NotSupportedException>(() => BtrfsSubvolume.Create(Path.Combine(directory, "sv")));
        Assert.Contains(kind == "ext4" ? "ext2/3/4" : "tmpfs", error.Message, StringComparison.Ordinal);
        Assert.Throws<NotSupportedException>(() => BtrfsFilesystem.Open(directory));
        Assert.Throws<NotSupportedException>(() => BtrfsSubvolume.GetInfo(directory));
        Assert.Throws<NotSupportedException>(() => BtrfsSubvolume.IsReadOnly(directory));
        Assert.Throws<NotSupportedException>(() => BtrfsSubvolume.Snapshot(directory, Path.Combine(directory, "snap"), readOnly: true));
        Assert.False(Directory.Exists(Path.Combine(directory, "sv")));
    }

    [Theory]
    [MemberData(nameof(Filesystems))]
    public void Reflink_copy_falls_back_to_copying_bytes(string kind)
    {
        using var place = Place(kind);
        var source = Path.Combine(place.Path, "source");
        var data = new byte[200_000];
        new Random(1).NextBytes(data);
        File.WriteAllBytes(source, data);

        Assert.Equal(ReflinkCopyResult.Copied, ReflinkCopy.Copy(source, Path.Combine(place.Path, "copy")));
        Assert.Equal(data, File.ReadAllBytes(Path.Combine(place.Path, "copy")));
        Assert.Throws<NotSupportedException>(() => ReflinkCopy.Copy(source, Path.Combine(place.Path, "strict"), requireReflink: true));
        Assert.False(File.Exists(Path.Combine(place.Path, "strict")));
    }

    private static Place Place(string kind)
    {
        var temp = new TempDirectory("ostree-net-btrfs-notbtrfs");
        if (kind == "ext4")
        {
            Assert.SkipUnless(Tool.Check("stat", "-f", "-c", "%T", temp.Path).Trim() is "ext2/ext3", $"the temp directory is not on ext4 here");
            return new Place(temp, null);
        }

        if (Tool.Check("stat", "-f", "-c", "%T", "/dev/shm").Trim() == "tmpfs")
        {
            var shm = Path.Combine("/dev/shm", "ostree-net-btrfs-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(shm);
            temp.Dispose();
            return new Place(null, shm);
        }

        temp.Dispose();
        Assert.Skip("no tmpfs at /dev/shm");
        return null!;
    }
}

internal sealed class Place(TempDirectory? temp, string? shm) : IDisposable
{
    public string Path => temp?.Path ?? shm!;

    public void Dispose()
    {
        temp?.Dispose();
        if (shm is not null)
        {
            Directory.Delete(shm, recursive: true);
        }
    }
}
