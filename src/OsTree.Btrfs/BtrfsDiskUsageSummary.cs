namespace OsTree.Btrfs;

/// <summary>The data usage of one tree, as an argument line of <c>btrfs filesystem du --raw</c>.</summary>
public sealed record BtrfsDiskUsageSummary
{
    /// <summary>The path as given.</summary>
    public required string Path { get; init; }

    /// <summary>Sum of the files' totals (hard links once).</summary>
    public required ulong Total { get; init; }

    /// <summary>Sum of the files' exclusive bytes.</summary>
    public required ulong Exclusive { get; init; }

    /// <summary>The shared extents of all files under the path, each byte counted once ("Set shared").</summary>
    public required ulong SetShared { get; init; }

    /// <summary>Per-file figures, in walk order; empty when not requested.</summary>
    public required IReadOnlyList<BtrfsFileUsage> Files { get; init; }
}
