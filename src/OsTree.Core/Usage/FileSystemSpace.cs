using System.Runtime.InteropServices;
using OsTree.Internal.Interop;

namespace OsTree.Usage;

/// <summary>The size and free space of the filesystem holding a path, as <c>statvfs(3)</c> reports them.</summary>
/// <param name="BlockSize">The filesystem's block size (<c>f_bsize</c>), the unit libostree reserves space in.</param>
/// <param name="TotalBytes">The filesystem's size (<c>f_blocks</c> × <c>f_frsize</c>).</param>
/// <param name="FreeBytes">Free space, including what is reserved for root (<c>f_bfree</c> × <c>f_frsize</c>).</param>
/// <param name="AvailableBytes">Free space an unprivileged process may use (<c>f_bavail</c> × <c>f_frsize</c>).</param>
public sealed record FileSystemSpace(long BlockSize, long TotalBytes, long FreeBytes, long AvailableBytes)
{
    /// <summary>Asks the kernel about the filesystem holding <paramref name="path"/>.</summary>
    /// <param name="path">Any existing path on the filesystem.</param>
    /// <returns>Its size and free space.</returns>
    /// <exception cref="FileNotFoundException"><paramref name="path"/> does not exist.</exception>
    /// <exception cref="IOException">The kernel refused for another reason.</exception>
    public static FileSystemSpace Get(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Interop.Statvfs(path, out var st) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            var message = $"statvfs '{path}': {Marshal.GetPInvokeErrorMessage(errno)}.";
            throw errno is 2 or 20 ? new FileNotFoundException(message, path) : new IOException(message, errno);
        }

        var fragment = (long)(st.FragmentSize != 0 ? st.FragmentSize : st.BlockSize);
        return new FileSystemSpace((long)st.BlockSize, (long)st.Blocks * fragment, (long)st.BlocksFree * fragment, (long)st.BlocksAvailable * fragment);
    }
}
