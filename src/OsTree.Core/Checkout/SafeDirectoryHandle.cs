using System.Runtime.InteropServices;
using OsTree.Internal.Interop;

namespace OsTree.Checkout;

/// <summary>
/// An open directory (a file descriptor opened with <c>O_DIRECTORY</c>). Checkout creates everything relative to
/// such handles (<c>mkdirat</c>, <c>linkat</c>, <c>symlinkat</c>, <c>openat</c> with <c>O_NOFOLLOW</c>), so that no
/// path is resolved again after a directory has been opened and no symbolic link in the target is ever followed.
/// </summary>
public sealed class SafeDirectoryHandle : SafeHandle
{
    /// <summary>Creates an invalid handle; used by the interop marshaller.</summary>
    public SafeDirectoryHandle()
        : base(-1, ownsHandle: true)
    {
    }

    internal SafeDirectoryHandle(int fd)
        : base(-1, ownsHandle: true)
    {
        SetHandle(fd);
    }

    /// <inheritdoc/>
    public override bool IsInvalid => handle == -1;

    /// <summary>The file descriptor number, for <c>/proc/self/fd/N</c> paths.</summary>
    internal int Fd => (int)handle;

    /// <summary>Opens an existing directory. The path is the caller's own: symbolic links in it are followed.</summary>
    /// <param name="path">A directory path, absolute or relative to the working directory.</param>
    /// <returns>The open directory.</returns>
    /// <exception cref="DirectoryNotFoundException">There is no directory at <paramref name="path"/>.</exception>
    /// <exception cref="IOException">The directory cannot be opened.</exception>
    public static SafeDirectoryHandle Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fd = Interop.OpenAt(Interop.AtFdCwd, path, Interop.ORdOnly | Interop.ODirectory | Interop.OCloExec, 0);
        if (fd < 0)
        {
            var error = Interop.LastError();
            if (error is Interop.Error.ENOENT or Interop.Error.ENOTDIR)
            {
                throw new DirectoryNotFoundException($"'{path}' is not a directory.");
            }

            Interop.ThrowForError(error, "open", path);
        }

        return new SafeDirectoryHandle(fd);
    }

    /// <inheritdoc/>
    protected override bool ReleaseHandle() => Interop.Close((int)handle) == 0;
}
