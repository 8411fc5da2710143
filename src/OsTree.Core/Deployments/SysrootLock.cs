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
    private readonly string _path;

    private SysrootLock(SafeFileHandle handle, string path)
    {
        _handle = handle;
        _path = path;
    }

    /// <summary>Waits for and takes the lock.</summary>
    internal static SysrootLock Acquire(string sysrootPath, CancellationToken cancellationToken)
    {
        var path = sysrootPath.TrimEnd('/') + "/ostree/lock";
        while (true)
        {
            var handle = LockFiles.Open(path);
            try
            {
                while (!LockFiles.TryLockExclusive(handle, path))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    Thread.Sleep(50);
                }

                // The previous owner unlinks the file before releasing: holding a lock on an unlinked inode means
                // nothing, so start again on the current file (as libglnx does).
                if (IsCurrentFile(handle, path))
                {
                    return new SysrootLock(handle, path);
                }

                handle.Dispose();
            }
            catch
            {
                handle.Dispose();
                throw;
            }
        }
    }

    private static unsafe bool IsCurrentFile(SafeFileHandle handle, string path)
    {
        byte empty = 0;
        if (Interop.Statx(handle, &empty, Interop.AtEmptyPath, Interop.StatxBasicStats, out var held) != 0)
        {
            throw PosixFileSystem.Error(Marshal.GetLastPInvokeError(), "fstat", path);
        }

        return PosixFileSystem.TryLstat(path, out var current) && current.Inode == held.Inode && current.Device == held.Device;
    }

    /// <summary>
    /// Releases the lock. As libglnx's <c>glnx_release_lock_file</c>, the exclusive owner first unlinks the file, then
    /// closing the descriptor drops the lock; a waiter that then holds a lock on the unlinked file retries.
    /// </summary>
    public void Dispose()
    {
        if (_handle.IsClosed)
        {
            return;
        }

        PosixFileSystem.DeleteFileIfExists(_path);
        _handle.Dispose();
    }
}
