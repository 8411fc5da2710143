using OsTree.Btrfs.Internal.Interop;

namespace OsTree.Btrfs.Internal;

/// <summary>A regular file met by <see cref="TreeWalker"/>, with its extents (valid only during the callback).</summary>
internal readonly ref struct ScannedFile
{
    internal ScannedFile(string path, ulong subvolumeId, ulong inode, ReadOnlySpan<Interop.Interop.FiemapExtent> extents)
    {
        Path = path;
        SubvolumeId = subvolumeId;
        Inode = inode;
        Extents = extents;
    }

    internal string Path { get; }

    internal ulong SubvolumeId { get; }

    internal ulong Inode { get; }

    internal ReadOnlySpan<Interop.Interop.FiemapExtent> Extents { get; }

    /// <summary>Extents that occupy data space: not inline (metadata), not delalloc or unknown (no place yet), not empty.</summary>
    internal static bool CountsAsData(in Interop.Interop.FiemapExtent extent)
        => (extent.Flags & (Interop.Interop.FiemapFlags.ExtentUnknown | Interop.Interop.FiemapFlags.ExtentDelalloc | Interop.Interop.FiemapFlags.ExtentDataInline)) == 0
            && extent.Length != 0;
}
