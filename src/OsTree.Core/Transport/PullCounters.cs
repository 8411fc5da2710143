using System.Diagnostics;

namespace OsTree.Transport;

/// <summary>The counters a pull updates from many threads, and the snapshot it reports as <see cref="PullProgress"/>.</summary>
internal sealed class PullCounters
{
#pragma warning disable SA1401, CA1051 // Fields, so that Interlocked can update them.
    internal long MetadataFetched;
    internal long ContentFetched;
    internal long Pending;
    internal long AlreadyPresent;
    internal long Bytes;
    internal long MissingParents;
#pragma warning restore SA1401, CA1051

    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>Adds received bytes.</summary>
    internal void AddBytes(long n) => Interlocked.Add(ref Bytes, n);

    /// <summary>A consistent-enough snapshot.</summary>
    internal PullProgress Snapshot() => new(
        Interlocked.Read(ref MetadataFetched),
        Interlocked.Read(ref ContentFetched),
        Math.Max(0, Interlocked.Read(ref Pending)),
        Interlocked.Read(ref AlreadyPresent),
        Interlocked.Read(ref Bytes),
        _clock.Elapsed);
}
