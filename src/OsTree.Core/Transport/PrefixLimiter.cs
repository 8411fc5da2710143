namespace OsTree.Transport;

/// <summary>
/// Tracks a body's size limit while it is read: keeps its first bytes (up to <see cref="FetchLimitRefiners.MaxPrefix"/>)
/// and asks the refiner for a tighter limit until it gives one.
/// </summary>
internal sealed class PrefixLimiter
{
    private readonly FetchLimitRefiner? _refine;
    private byte[]? _prefix;
    private int _prefixLength;

    internal PrefixLimiter(FetchLimitRefiner? refine, long limit)
    {
        _refine = refine;
        Limit = limit;
        _prefix = refine is null ? null : new byte[FetchLimitRefiners.MaxPrefix];
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

        var take = Math.Min(chunk.Length, _prefix.Length - _prefixLength);
        chunk[..take].CopyTo(_prefix.AsSpan(_prefixLength));
        _prefixLength += take;
        if (_refine(_prefix.AsSpan(0, _prefixLength)) is { } refined)
        {
            Limit = Math.Min(Limit, refined);
            _prefix = null;
        }
        else if (_prefixLength == _prefix.Length)
        {
            _prefix = null;
        }

        return Limit;
    }
}
