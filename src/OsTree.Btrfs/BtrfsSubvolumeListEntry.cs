namespace OsTree.Btrfs;

/// <summary>One subvolume of a filesystem, as <c>btrfs subvolume list</c> shows it.</summary>
public sealed record BtrfsSubvolumeListEntry
{
    /// <summary>The subvolume (tree) id.</summary>
    public required ulong Id { get; init; }

    /// <summary>The id of the subvolume that contains it ("top level" in <c>btrfs subvolume list</c>).</summary>
    public required ulong ParentId { get; init; }

    /// <summary>The path from the filesystem's top level (subvolume 5), '/'-separated, without a leading '/'.</summary>
    public required string Path { get; init; }

    /// <summary>The root item generation ("gen").</summary>
    public required ulong Generation { get; init; }

    /// <summary>The transaction that created it ("cgen", <c>otransid</c>).</summary>
    public required ulong CreationGeneration { get; init; }

    /// <summary>Whether the subvolume is read-only.</summary>
    public required bool IsReadOnly { get; init; }

    /// <summary>The subvolume's UUID.</summary>
    public required Guid Uuid { get; init; }

    /// <summary>The UUID of its snapshot source; null for a subvolume created empty.</summary>
    public required Guid? ParentUuid { get; init; }

    /// <summary>The UUID it was received from; null when not received.</summary>
    public required Guid? ReceivedUuid { get; init; }

    /// <summary>When it was created (<c>otime</c>); null on root items written by kernels older than 3.10.</summary>
    public required DateTimeOffset? CreatedAt { get; init; }
}
