namespace OsTree.Btrfs;

/// <summary>One qgroup's counters and relations, as <c>btrfs qgroup show --raw -p -c</c> prints them.</summary>
public sealed record BtrfsQgroup
{
    /// <summary>The qgroup id.</summary>
    public required BtrfsQgroupId Id { get; init; }

    /// <summary>Bytes referenced by the qgroup (data and metadata, on-disk size before RAID/DUP).</summary>
    public required ulong Referenced { get; init; }

    /// <summary>The compressed form of <see cref="Referenced"/> as the kernel keeps it.</summary>
    public required ulong ReferencedCompressed { get; init; }

    /// <summary>Bytes referenced only by this qgroup: what deleting all its members would free.</summary>
    public required ulong Exclusive { get; init; }

    /// <summary>The compressed form of <see cref="Exclusive"/> as the kernel keeps it.</summary>
    public required ulong ExclusiveCompressed { get; init; }

    /// <summary>The referenced-bytes limit; null when unlimited.</summary>
    public required ulong? MaxReferenced { get; init; }

    /// <summary>The exclusive-bytes limit; null when unlimited.</summary>
    public required ulong? MaxExclusive { get; init; }

    /// <summary>Qgroups this one is a member of.</summary>
    public required IReadOnlyList<BtrfsQgroupId> Parents { get; init; }

    /// <summary>Qgroups that are members of this one.</summary>
    public required IReadOnlyList<BtrfsQgroupId> Children { get; init; }
}
