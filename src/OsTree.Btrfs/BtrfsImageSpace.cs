namespace OsTree.Btrfs;

/// <summary>The space figures of one image (a subvolume holding an OS tree).</summary>
public sealed record BtrfsImageSpace
{
    /// <summary>The image's path as given.</summary>
    public required string Path { get; init; }

    /// <summary>The id of the subvolume holding the image.</summary>
    public required ulong SubvolumeId { get; init; }

    /// <summary>Whether this is the current image.</summary>
    public required bool IsCurrent { get; init; }

    /// <summary>What the image references, each byte once (FIEMAP: data; qgroup: <c>rfer</c>).</summary>
    public required BtrfsSpaceFigure Referenced { get; init; }

    /// <summary>What deleting this image alone would free: bytes no other image and no retained tree references.</summary>
    public required BtrfsSpaceFigure FreedIfOnlyThisDeleted { get; init; }
}
