namespace OsTree.Btrfs;

/// <summary>What a set of images costs, from <see cref="BtrfsSpaceAccountant.MeasureAsync"/>.</summary>
public sealed record BtrfsSpaceReport
{
    /// <summary>
    /// What deleting every non-current image would free: bytes referenced by some non-current image and by neither the
    /// current image nor a retained tree. This is the honest "the old images cost X"; summing per-image exclusive
    /// figures undercounts whenever several old images share data.
    /// </summary>
    public required BtrfsSpaceFigure FreedIfAllOthersDeleted { get; init; }

    /// <summary>The current image first, then the others in the order given.</summary>
    public required IReadOnlyList<BtrfsImageSpace> Images { get; init; }

    /// <summary>How the figures were measured.</summary>
    public required BtrfsSpaceBasis Basis { get; init; }

    /// <summary>Why qgroups were not used (quotas off, inconsistent, no matching level-1 qgroup…); null when they were or were not asked for.</summary>
    public string? QgroupUnavailableReason { get; init; }

    /// <summary>Files whose extents were mapped by this call (0 when everything came from the cache or from qgroups).</summary>
    public long FilesScanned { get; init; }
}
