namespace OsTree.Btrfs;

/// <summary>The state of btrfs quotas on a filesystem (the quota tree's status item).</summary>
public sealed record BtrfsQuotaStatus
{
    /// <summary>Whether quotas (qgroups) are enabled.</summary>
    public required bool IsEnabled { get; init; }

    /// <summary>Whether the kernel flagged the counters inconsistent (after a qgroup assignment, until a rescan).</summary>
    public required bool IsInconsistent { get; init; }

    /// <summary>Whether a rescan is running; counters are incomplete until it ends.</summary>
    public required bool IsRescanRunning { get; init; }

    /// <summary>Whether quotas run in simple mode (squota, 6.7+): extents are charged to the allocating subvolume, so exclusive figures say nothing about what snapshots cost.</summary>
    public required bool IsSimpleMode { get; init; }

    /// <summary>The quota tree's generation.</summary>
    public required ulong Generation { get; init; }

    /// <summary>Whether counters can be trusted: enabled, full (not simple) mode, no rescan running, not inconsistent.</summary>
    public bool IsConsistent => IsEnabled && !IsInconsistent && !IsRescanRunning && !IsSimpleMode;

    /// <summary>The status when quotas are off.</summary>
    internal static BtrfsQuotaStatus Disabled { get; } = new()
    {
        IsEnabled = false,
        IsInconsistent = false,
        IsRescanRunning = false,
        IsSimpleMode = false,
        Generation = 0,
    };
}
