using System.Buffers;

namespace OsTree.Transport;

/// <summary>
/// Tracks a body's size limit while it is read: keeps its first bytes (up to <see cref="FetchLimitRefiners.MaxPrefix"/>)
/// and asks the refiner for a tighter limit until it gives one. The prefix buffer is pooled: a pull makes one limiter
/// per object, and a fresh 64 KiB array each time was most of a pull's garbage.
/// </summary>
internal sealed class PrefixLimiter : IDisposable
{
    private readonly FetchLimitRefiner? _refine;
    private byte[]? _prefix;
    private int _prefixLength;

    internal PrefixLimiter(FetchLimitRefiner? refine, long limit)
    {
        _refine = refine;
        Limit = limit;
        _prefix = refine is null ? null : ArrayPool<byte>.Shared.Rent(FetchLimitRefiners.MaxPrefix);
    }

    /// <summary>The current limit.</summary>
    internal long Limit { get; private set; }

    /// <summary>Takes the next chunk of the body into account and returns the limit that applies to it.</summary>
    internal long Observe(ReadOnlySpan<byte> chunk)
    {
        if (_prefix is null || _refine is null)
        {
            return Limit;
        }

        var take = Math.Min(chunk.Length, FetchLimitRefiners.MaxPrefix - _prefixLength);
        chunk[..take].CopyTo(_prefix.AsSpan(_prefixLength));
        _prefixLength += take;
        if (_refine(_prefix.AsSpan(0, _prefixLength)) is { } refined)
        {
            Limit = Math.Min(Limit, refined);
            Dispose();
        }
        else if (_prefixLength == FetchLimitRefiners.MaxPrefix)
        {
            Dispose();
        }

        return Limit;
    }

    /// <summary>Returns the prefix buffer to the pool (the limit stays as it is).</summary>
    public void Dispose()
    {
        if (_prefix is not null)
        {
            ArrayPool<byte>.Shared.Return(_prefix);
            _prefix = null;
        }
    }
}
