using Microsoft.Win32.SafeHandles;
using OsTree.Internal.Interop;

namespace OsTree.Repositories;

/// <summary>
/// An open-file-description lock on the repository's <c>.lock</c>, the same kind libostree takes: shared while
/// objects are written, exclusive for operations that delete (prune). Released on dispose.
/// </summary>
internal sealed class RepositoryLock : IDisposable
{
    // F_RDLCK (asm-generic/fcntl.h); Interop defines the write lock.
    private const short ReadLock = 0;

    private SafeFileHandle? _handle;

    private RepositoryLock(SafeFileHandle handle) => _handle = handle;

    internal static RepositoryLock Acquire(string repositoryPath, bool exclusive, TimeSpan timeout)
    {
        var path = Path.Combine(repositoryPath, ".lock");
        var handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        try
        {
            var request = new Interop.FileLock { Type = exclusive ? Interop.FcntlWriteLock : ReadLock, Whence = 0, Start = 0, Length = 0 };
            var deadline = DateTime.UtcNow + timeout;
            var delay = 5;
            while (Interop.FcntlLock(handle, Interop.FcntlOfdSetLock, ref request) != 0)
            {
                var error = Interop.LastError();
                if (error is not (Interop.Error.EAGAIN or Interop.Error.EACCES or Interop.Error.EINTR))
                {
                    Interop.ThrowForError(error, "fcntl(F_OFD_SETLK)", path);
                }

                if (DateTime.UtcNow >= deadline)
                {
                    throw new RepositoryLockedException(
                        $"The repository {repositoryPath} is locked by another process ({(exclusive ? "exclusive" : "shared")} lock not obtained within {timeout.TotalSeconds:0} s).");
                }

                Thread.Sleep(delay);
                delay = Math.Min(delay * 2, 200);
            }

            return new RepositoryLock(handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Creates a new file and takes an exclusive OFD lock on it (libglnx's <c>glnx_make_lock_file</c>).</summary>
    internal static SafeFileHandle CreateLockedFile(string path)
    {
        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        var request = new Interop.FileLock { Type = Interop.FcntlWriteLock, Whence = 0, Start = 0, Length = 0 };
        if (Interop.FcntlLock(handle, Interop.FcntlOfdSetLock, ref request) != 0)
        {
            var error = Interop.LastError();
            handle.Dispose();
            Interop.ThrowForError(error, "fcntl(F_OFD_SETLK)", path);
        }

        return handle;
    }

    /// <summary>
    /// Opens (creating if needed) <paramref name="path"/> and takes an exclusive OFD lock on it without waiting, as
    /// libostree's <c>_ostree_repo_try_lock_tmpdir</c> does; <see langword="null"/> if somebody else holds it.
    /// </summary>
    internal static SafeFileHandle? TryLockFile(string path)
    {
        var handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        var request = new Interop.FileLock { Type = Interop.FcntlWriteLock, Whence = 0, Start = 0, Length = 0 };
        if (Interop.FcntlLock(handle, Interop.FcntlOfdSetLock, ref request) == 0)
        {
            return handle;
        }

        var error = Interop.LastError();
        handle.Dispose();
        if (error is Interop.Error.EAGAIN or Interop.Error.EACCES)
        {
            return null;
        }

        Interop.ThrowForError(error, "fcntl(F_OFD_SETLK)", path);
        return null;
    }

    public void Dispose()
    {
        // Closing the descriptor releases the lock.
        _handle?.Dispose();
        _handle = null;
    }
}
