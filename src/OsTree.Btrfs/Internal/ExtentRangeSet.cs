namespace OsTree.Btrfs.Internal;

/// <summary>
/// A set of byte ranges of btrfs' logical address space (FIEMAP <c>fe_physical</c>), kept sorted, merged and
/// immutable: <c>[start0, end0, start1, end1, …]</c> with half-open ranges and <c>end_i &lt; start_{i+1}</c>.
/// </summary>
internal sealed class ExtentRangeSet
{
    internal static readonly ExtentRangeSet Empty = new([], 0);

    private ExtentRangeSet(ulong[] bounds, ulong totalBytes)
    {
        Bounds = bounds;
        TotalBytes = totalBytes;
    }

    /// <summary>Merged boundaries, start/end pairs.</summary>
    internal ulong[] Bounds { get; }

    /// <summary>Bytes covered, each byte once.</summary>
    internal ulong TotalBytes { get; }

    internal int RangeCount => Bounds.Length / 2;

    /// <summary>
    /// Builds the set from (start, length) pairs in any order, overlapping or not; empty pairs are ignored.
    /// <paramref name="pairs"/> is reordered in place.
    /// </summary>
    internal static ExtentRangeSet FromUnsorted(Span<(ulong Start, ulong Length)> pairs)
    {
        var kept = 0;
        for (var i = 0; i < pairs.Length; i++)
        {
            if (pairs[i].Length != 0)
            {
                pairs[kept++] = pairs[i];
            }
        }

        pairs = pairs[..kept];
        if (pairs.Length == 0)
        {
            return Empty;
        }

        pairs.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        var bounds = new List<ulong>(pairs.Length * 2);
        var start = pairs[0].Start;
        var end = checked(pairs[0].Start + pairs[0].Length);
        ulong total = 0;
        for (var i = 1; i < pairs.Length; i++)
        {
            var (s, length) = pairs[i];
            var e = checked(s + length);
            if (s <= end)
            {
                end = Math.Max(end, e);
                continue;
            }

            bounds.Add(start);
            bounds.Add(end);
            total += end - start;
            start = s;
            end = e;
        }

        bounds.Add(start);
        bounds.Add(end);
        total += end - start;
        return new ExtentRangeSet([.. bounds], total);
    }
}
