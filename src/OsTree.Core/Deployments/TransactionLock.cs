using Microsoft.Win32.SafeHandles;

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
        var handle = LockFiles.Open(path);
        try
        {
            if (LockFiles.TryLockExclusive(handle, path))
            {
                return new TransactionLock(handle);
            }
        }
        catch
        {
            handle.Dispose();
            throw;
        }

        handle.Dispose();
        return null;
    }

    /// <summary>Releases the lock (closing the descriptor drops it); the file stays for the next transaction.</summary>
    public void Dispose() => _handle.Dispose();
}
