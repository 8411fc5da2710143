using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using OsTree.Internal.Interop;

namespace OsTree.Deployments;

/// <summary>
/// The exclusive sysroot write lock: an open-file-description lock on <c>ostree/lock</c>, the lock
/// <c>ostree_sysroot_lock</c> takes, so that <c>ostree admin</c> and this library never change a sysroot at once.
/// </summary>
internal sealed class SysrootLock : IDisposable
{
    private readonly SafeFileHandle _handle;

    private SysrootLock(SafeFileHandle handle) => _handle = handle;

    /// <summary>Waits for and takes the lock.</summary>
    internal static SysrootLock Acquire(string sysrootPath, CancellationToken cancellationToken)
    {
        var path = sysrootPath.TrimEnd('/') + "/ostree/lock";
        var fd = Interop.OpenAt(Interop.AtFdCwd, path, Interop.ORdWr | Interop.OCreat | Interop.OCloExec | Interop.ONoCtty, 0x180 /* 0600 */);
        if (fd < 0)
        {
            throw PosixFileSystem.Error(Marshal.GetLastPInvokeError(), "open", path);
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            var request = new Interop.FileLock { Type = Interop.FcntlWriteLock };
            while (Interop.FcntlLock(handle, Interop.FcntlOfdSetLock, ref request) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno is not (11 /* EAGAIN */ or 13 /* EACCES */ or 4 /* EINTR */))
                {
                    throw PosixFileSystem.Error(errno, "fcntl(F_OFD_SETLK)", path);
                }

                cancellationToken.ThrowIfCancellationRequested();
                Thread.Sleep(50);
            }

            return new SysrootLock(handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Releases the lock (closing the descriptor drops it).</summary>
    public void Dispose() => _handle.Dispose();
}
