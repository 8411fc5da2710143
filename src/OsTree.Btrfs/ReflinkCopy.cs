using Microsoft.Win32.SafeHandles;
using OsTree.Btrfs.Internal;
using static OsTree.Btrfs.Internal.Interop.Interop;

namespace OsTree.Btrfs;

/// <summary>
/// Copies files by reflink (FICLONE) where the filesystem can (btrfs, xfs with reflink, …) and by copying bytes where
/// it cannot (another filesystem, across filesystems). A reflinked copy has its own inode: editing it never changes
/// the source, unlike a hard link, yet it costs no data space until written.
/// </summary>
public static class ReflinkCopy
{
    private const int CopyBufferSize = 1 << 20;

    /// <summary>Copies <paramref name="source"/> to a new file <paramref name="destination"/> with the source's permission bits.</summary>
    /// <param name="source">A regular file.</param>
    /// <param name="destination">The new file.</param>
    /// <param name="overwrite">Replace an existing destination instead of failing.</param>
    /// <param name="requireReflink">Fail with <see cref="NotSupportedException"/> instead of copying bytes.</param>
    /// <returns>Whether the copy was cloned or copied.</returns>
    /// <exception cref="NotSupportedException"><paramref name="requireReflink"/> is set and the files cannot share extents.</exception>
    /// <exception cref="IOException">The destination exists (without <paramref name="overwrite"/>), or another failure.</exception>
    public static ReflinkCopyResult Copy(string source, string destination, bool overwrite = false, bool requireReflink = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        ArgumentException.ThrowIfNullOrEmpty(destination);
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Reflink copies need Linux.");
        }

        using var sourceHandle = File.OpenHandle(source, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var mode = File.GetUnixFileMode(sourceHandle);
        var options = new FileStreamOptions
        {
            Mode = overwrite ? FileMode.Create : FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.ReadWrite | FileShare.Delete,
            UnixCreateMode = mode,
        };

        var created = false;
        try
        {
            using var stream = new FileStream(destination, options);
            created = true;
            File.SetUnixFileMode(stream.SafeFileHandle, mode);
            return Copy(sourceHandle, stream.SafeFileHandle, requireReflink);
        }
        catch when (created)
        {
            File.Delete(destination);
            throw;
        }
    }

    /// <summary>Replaces the content of <paramref name="destination"/> with that of <paramref name="source"/>, by reflink when possible.</summary>
    /// <param name="source">A regular file open for reading.</param>
    /// <param name="destination">A regular file open for writing.</param>
    /// <param name="requireReflink">Fail with <see cref="NotSupportedException"/> instead of copying bytes.</param>
    /// <returns>Whether the content was cloned or copied.</returns>
    /// <exception cref="NotSupportedException"><paramref name="requireReflink"/> is set and the files cannot share extents.</exception>
    public static ReflinkCopyResult Copy(SafeFileHandle source, SafeFileHandle destination, bool requireReflink = false)
    {
        var errno = BtrfsFile.TryClone(source, destination);
        if (errno == 0)
        {
            return ReflinkCopyResult.Cloned;
        }

        // Not this filesystem (EOPNOTSUPP/ENOTTY), two filesystems (EXDEV), or files the kernel will not share (EINVAL:
        // e.g. one of them nodatacow): all mean "copy instead". Anything else is a real error.
        if (errno is not (Errno.EOPNOTSUPP or Errno.ENOTTY or Errno.EXDEV or Errno.EINVAL))
        {
            IoErrors.Throw(errno, "Reflinking (FICLONE)", null);
        }

        if (requireReflink)
        {
            throw new NotSupportedException($"These files cannot share extents ({IoErrors.Create(errno, "FICLONE", null).Message}).");
        }

        CopyBytes(source, destination);
        return ReflinkCopyResult.Copied;
    }

    private static void CopyBytes(SafeFileHandle source, SafeFileHandle destination)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            long offset = 0;
            int read;
            while ((read = RandomAccess.Read(source, buffer, offset)) > 0)
            {
                RandomAccess.Write(destination, buffer.AsSpan(0, read), offset);
                offset += read;
            }

            RandomAccess.SetLength(destination, offset);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
