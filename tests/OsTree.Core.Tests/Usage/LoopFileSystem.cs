using OsTree.TestSupport;

namespace OsTree.Core.Tests.Usage;

/// <summary>
/// A small ext4 filesystem on a loop device, mounted for one test, so that free space measured with
/// <c>statvfs</c> changes only by what the test does. Needs root; unmounted and removed on dispose.
/// </summary>
internal sealed class LoopFileSystem : IDisposable
{
    private readonly TempDirectory _temp = new("ostree-net-loop");
    private bool _mounted;

    public LoopFileSystem(long sizeBytes)
    {
        Image = _temp.Combine("fs.img");
        MountPoint = _temp.Combine("mnt");
        Directory.CreateDirectory(MountPoint);
        try
        {
            Tool.Check("truncate", "-s", sizeBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), Image);
            Tool.Check("mkfs.ext4", "-q", "-F", "-b", "4096", "-E", "lazy_itable_init=0,lazy_journal_init=0", Image);
            Tool.Check("mount", "-o", "loop", Image, MountPoint);
            _mounted = true;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Image { get; }

    public string MountPoint { get; }

    /// <summary>Free bytes after a <c>sync</c>, so that ext4 has committed every freed block.</summary>
    public long FreeBytes()
    {
        Tool.Check("sync", "-f", MountPoint);
        return OsTree.Usage.FileSystemSpace.Get(MountPoint).FreeBytes;
    }

    public void Dispose()
    {
        if (_mounted && Tool.Run("umount", MountPoint).ExitCode != 0)
        {
            Tool.Run("umount", "-l", MountPoint);
        }

        _mounted = false;
        _temp.Dispose();
    }
}
