using System.Security.Cryptography;

namespace OsTree.Packaging.Rpm.Internal;

/// <summary>
/// Loads the platform's hash implementation on another thread, once per process. On Linux that is OpenSSL, whose
/// loading and initialization take about 5 ms: longer than hashing the headers of a database of a thousand packages.
/// Started when a database read begins, it overlaps with opening and reading the database.
/// </summary>
internal static class DigestWarmUp
{
    private static int _started;

    public static void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            return;
        }

        var thread = new Thread(static () =>
        {
            try
            {
                Span<byte> digest = stackalloc byte[32];
                SHA256.HashData(ReadOnlySpan<byte>.Empty, digest);
            }
            catch (Exception)
            {
                // Any exception escaping this thread would end the process. Whatever failed (no OpenSSL, a broken configuration) fails again at the reader's own first digest,
                // on the caller's thread, where it can be handled.
            }
        })
        {
            IsBackground = true,
            Name = "rpm digest warm-up",
        };
        thread.Start();
    }
}
