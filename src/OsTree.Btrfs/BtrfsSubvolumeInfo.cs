namespace OsTree.Btrfs;

/// <summary>What the kernel reports about one subvolume (<c>BTRFS_IOC_GET_SUBVOL_INFO</c>, as <c>btrfs subvolume show</c>).</summary>
public sealed record BtrfsSubvolumeInfo
{
    /// <summary>The subvolume (tree) id; 5 is the top level.</summary>
    public required ulong Id { get; init; }

    /// <summary>The subvolume's name in its parent directory (empty for the top level).</summary>
    public required string Name { get; init; }

    /// <summary>The id of the subvolume that contains this one (0 for the top level).</summary>
    public required ulong ParentId { get; init; }

    /// <summary>The inode number, inside the parent subvolume, of the directory holding this subvolume.</summary>
    public required ulong DirectoryId { get; init; }

    /// <summary>The transaction id of the subvolume's last change (the root item generation).</summary>
    public required ulong Generation { get; init; }

    /// <summary>The transaction id that created the subvolume (<c>otransid</c>).</summary>
    public required ulong CreationGeneration { get; init; }

    /// <summary>The transaction id of the last change to an inode inside it (<c>ctransid</c>).</summary>
    public required ulong ChangeGeneration { get; init; }

    /// <summary>Whether the subvolume is read-only.</summary>
    public required bool IsReadOnly { get; init; }

    /// <summary>The subvolume's own UUID.</summary>
    public required Guid Uuid { get; init; }

    /// <summary>The UUID of the subvolume this one was snapshotted from; null for a subvolume created empty.</summary>
    public required Guid? ParentUuid { get; init; }

    /// <summary>The UUID of the subvolume this one was received from by <c>btrfs receive</c>; null otherwise.</summary>
    public required Guid? ReceivedUuid { get; init; }

    /// <summary>When the subvolume was created (<c>otime</c>).</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When an inode inside it last changed (<c>ctime</c>).</summary>
    public required DateTimeOffset ChangedAt { get; init; }
}
