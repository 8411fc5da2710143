using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using OsTree.Internal.Interop;

namespace OsTree.Deployments;

/// <summary>
/// The two steps every lock file of a sysroot takes (as libglnx's lock files): open the file, created when missing,
/// and take an open-file-description write lock on it. Such a lock belongs to the open file, not to the process or
/// the thread, and the kernel drops it when the descriptor is closed, by its holder's death included.
/// </summary>
internal static class LockFiles
{
    /// <summary>Opens (or creates, mode 0600) a lock file for reading and writing.</summary>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    public static SafeFileHandle Open(string path)
    {
        var fd = Interop.OpenAt(Interop.AtFdCwd, path, Interop.ORdWr | Interop.OCreat | Interop.OCloExec | Interop.ONoCtty, 0x180 /* 0600 */);
        return fd >= 0 ? new SafeFileHandle(fd, ownsHandle: true) : throw PosixFileSystem.Error(Marshal.GetLastPInvokeError(), "open", path);
    }

    /// <summary>Takes the exclusive lock without waiting.</summary>
    /// <returns><see langword="false"/> when another open file description holds a lock on the file.</returns>
    /// <exception cref="IOException">The lock cannot be taken for another reason.</exception>
    public static bool TryLockExclusive(SafeFileHandle handle, string path)
    {
        var request = new Interop.FileLock { Type = Interop.FcntlWriteLock };
        while (Interop.FcntlLock(handle, Interop.FcntlOfdSetLock, ref request) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is 11 /* EAGAIN */ or 13 /* EACCES */)
            {
                return false;
            }

            if (errno != 4 /* EINTR */)
            {
                throw PosixFileSystem.Error(errno, "fcntl(F_OFD_SETLK)", path);
            }
        }

        return true;
    }
}
