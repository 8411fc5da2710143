using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using OsTree.Internal.Interop;

namespace OsTree.Deployments;

/// <summary>
/// The lock that lets one package transaction run on a sysroot at a time: an open-file-description write lock on
/// <c>ostree/transaction.lock</c>, taken without waiting. It is a lock of its own, not a <see cref="FileShare"/> mode:
/// .NET emulates share modes with <c>flock</c> only when file locking is enabled, and applications (otree among them)
/// may disable it with <c>System.IO.DisableFileLocking</c>. The kernel drops the lock when its holder dies, so a killed
/// transaction never leaves it taken.
/// </summary>
internal sealed class TransactionLock : IDisposable
{
    private readonly SafeFileHandle _handle;

    private TransactionLock(SafeFileHandle handle)
    {
        _handle = handle;
    }

    /// <summary>Takes the lock, or returns <see langword="null"/> when another process holds it.</summary>
    /// <param name="path">The lock file, created when missing.</param>
    /// <returns>The held lock, or <see langword="null"/>.</returns>
    /// <exception cref="IOException">The file cannot be opened or locked.</exception>
    internal static TransactionLock? TryAcquire(string path)
    {
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
                if (errno is 11 /* EAGAIN */ or 13 /* EACCES */)
                {
                    handle.Dispose();
                    return null;
                }

                if (errno != 4 /* EINTR */)
                {
                    throw PosixFileSystem.Error(errno, "fcntl(F_OFD_SETLK)", path);
                }
            }

            return new TransactionLock(handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Releases the lock (closing the descriptor drops it); the file stays for the next transaction.</summary>
    public void Dispose() => _handle.Dispose();
}
