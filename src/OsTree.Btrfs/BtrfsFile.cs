using Microsoft.Win32.SafeHandles;
using OsTree.Btrfs.Internal;
using static OsTree.Btrfs.Internal.Interop.Interop;

namespace OsTree.Btrfs;

/// <summary>Extent-level operations on one file: FIEMAP and FICLONE/FICLONERANGE.</summary>
public static class BtrfsFile
{
    /// <summary>
    /// Maps every extent of a regular file (FS_IOC_FIEMAP, looping until the extent marked last). With
    /// <paramref name="sync"/> the kernel first flushes delayed allocation, so freshly written data has a location.
    /// </summary>
    /// <param name="path">A regular file.</param>
    /// <param name="sync">Pass FIEMAP_FLAG_SYNC (recommended).</param>
    /// <returns>The extents in file order.</returns>
    /// <exception cref="NotSupportedException">The filesystem does not implement FIEMAP.</exception>
    /// <exception cref="IOException">The file cannot be opened or mapped.</exception>
    public static IReadOnlyList<FileExtent> GetExtents(string path, bool sync = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var handle = NativeFiles.Open(path, ORdOnly | OCloexec, "Opening");
        return GetExtents(handle, path, sync);
    }

    /// <summary>Maps every extent of an open regular file; see <see cref="GetExtents(string, bool)"/>.</summary>
    /// <param name="file">A descriptor of a regular file (read access is enough).</param>
    /// <param name="sync">Pass FIEMAP_FLAG_SYNC.</param>
    /// <returns>The extents in file order.</returns>
    public static IReadOnlyList<FileExtent> GetExtents(SafeFileHandle file, bool sync = true)
        => GetExtents(file, null, sync);

    /// <summary>
    /// Makes <paramref name="destination"/> share all of <paramref name="source"/>'s extents (FICLONE): the
    /// destination's content is replaced, instantly and without using data space, until either side is written.
    /// </summary>
    /// <param name="source">The source file, open for reading.</param>
    /// <param name="destination">The destination file, open for writing, on the same filesystem.</param>
    /// <exception cref="NotSupportedException">The filesystem cannot reflink (ext4, tmpfs…).</exception>
    /// <exception cref="IOException">Across filesystems (errno 18 EXDEV) or another failure.</exception>
    public static void Clone(SafeFileHandle source, SafeFileHandle destination)
    {
        var errno = TryClone(source, destination);
        if (errno != 0)
        {
            IoErrors.Throw(errno, "Reflinking (FICLONE) into", null);
        }
    }

    /// <summary>
    /// Shares a byte range of <paramref name="source"/> into <paramref name="destination"/> (FICLONERANGE). Offsets and
    /// length must be multiples of the filesystem block size, except a length that reaches the source's end.
    /// </summary>
    /// <param name="source">The source file, open for reading.</param>
    /// <param name="sourceOffset">Where the range starts in the source.</param>
    /// <param name="length">The length; 0 means up to the end of the source.</param>
    /// <param name="destination">The destination file, open for writing.</param>
    /// <param name="destinationOffset">Where the range lands in the destination.</param>
    /// <exception cref="NotSupportedException">The filesystem cannot reflink.</exception>
    /// <exception cref="IOException">Unaligned range (errno 22), across filesystems (errno 18), or another failure.</exception>
    public static unsafe void CloneRange(SafeFileHandle source, long sourceOffset, long length, SafeFileHandle destination, long destinationOffset)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfNegative(sourceOffset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfNegative(destinationOffset);
        var added = false;
        source.DangerousAddRef(ref added);
        try
        {
            var args = new FileCloneRange
            {
                SourceFd = source.DangerousGetHandle(),
                SourceOffset = (ulong)sourceOffset,
                SourceLength = (ulong)length,
                DestinationOffset = (ulong)destinationOffset,
            };
            IoErrors.Check(Ioctl(destination, Requests.Ficlonerange, &args), "Reflinking a range (FICLONERANGE)", null);
        }
        finally
        {
            if (added)
            {
                source.DangerousRelease();
            }
        }
    }

    /// <summary>FICLONE; returns 0 or the errno.</summary>
    internal static int TryClone(SafeFileHandle source, SafeFileHandle destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        var added = false;
        source.DangerousAddRef(ref added);
        try
        {
            return Ioctl(destination, Requests.Ficlone, source.DangerousGetHandle()) < 0 ? IoErrors.LastErrno : 0;
        }
        finally
        {
            if (added)
            {
                source.DangerousRelease();
            }
        }
    }

    private static List<FileExtent> GetExtents(SafeFileHandle file, string? path, bool sync)
    {
        ArgumentNullException.ThrowIfNull(file);
        var raw = new List<FiemapExtent>();
        using (var reader = new FiemapReader())
        {
            reader.ReadAll(file, path ?? "(file handle)", sync, raw);
        }

        return raw.ConvertAll(e => new FileExtent(e.Logical, e.Physical, e.Length, (FileExtentFlags)e.Flags));
    }
}
