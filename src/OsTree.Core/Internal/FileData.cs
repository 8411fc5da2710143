using System.Buffers;
using Microsoft.Win32.SafeHandles;
using Native = OsTree.Internal.Interop.Interop;

namespace OsTree.Internal;

/// <summary>Copies file data in the kernel where it can (<c>copy_file_range</c>, which shares extents on BTRFS and XFS).</summary>
internal static class FileData
{
    private const int CopyChunk = 1 << 20;
    private const int BufferSize = 128 * 1024;

    /// <summary>
    /// Copies from offset 0 of <paramref name="source"/> to offset 0 of <paramref name="destination"/>: exactly
    /// <paramref name="length"/> bytes, or, when it is <see langword="null"/>, up to the source's end as it is while
    /// copying (a live file may change). Reads and writes where the kernel cannot copy (another filesystem, old kernels).
    /// </summary>
    /// <exception cref="IOException">The source ended before <paramref name="length"/> bytes, or a copy failed.</exception>
    internal static unsafe void Copy(SafeFileHandle source, SafeFileHandle destination, long? length, string path)
    {
        long done = 0;
        while (length is not { } total || done < total)
        {
            long inOffset = done, outOffset = done;
            var chunk = (nuint)(length is { } l ? Math.Min(l - done, CopyChunk) : CopyChunk);
            var n = Native.CopyFileRange(source, &inOffset, destination, &outOffset, chunk, 0);
            if (n > 0)
            {
                done += n;
                continue;
            }

            if (n == 0)
            {
                ThrowIfShort(done, length, path);
                return;
            }

            var error = Native.LastError();
            if (error is Native.Error.EXDEV or Native.Error.EINVAL or Native.Error.ENOSYS or Native.Error.EOPNOTSUPP or Native.Error.EBADF)
            {
                CopyBuffered(source, destination, done, length, path);
                return;
            }

            if (error != Native.Error.EINTR)
            {
                Native.ThrowForError(error, "copy_file_range", path);
            }
        }
    }

    private static void CopyBuffered(SafeFileHandle source, SafeFileHandle destination, long offset, long? length, string path)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (length is not { } total || offset < total)
            {
                var n = RandomAccess.Read(source, buffer.AsSpan(0, (int)Math.Min(buffer.Length, (length ?? long.MaxValue) - offset)), offset);
                if (n == 0)
                {
                    ThrowIfShort(offset, length, path);
                    return;
                }

                RandomAccess.Write(destination, buffer.AsSpan(0, n), offset);
                offset += n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void ThrowIfShort(long done, long? length, string path)
    {
        if (length is { } total && done < total)
        {
            throw new IOException($"'{path}': the source ended after {done} of {total} bytes.");
        }
    }
}
