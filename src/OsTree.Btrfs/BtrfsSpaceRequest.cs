namespace OsTree.Btrfs;

/// <summary>The images to account for: one current image, the others, and trees that keep data alive anyway.</summary>
public sealed record BtrfsSpaceRequest
{
    /// <summary>The current (booted or default) image; its data is kept.</summary>
    public required string CurrentImage { get; init; }

    /// <summary>The non-current images, candidates for deletion.</summary>
    public IReadOnlyList<string> OtherImages { get; init; } = [];

    /// <summary>
    /// Other trees whose data stays whatever happens to the images (for example the repository the images were
    /// reflinked from). FIEMAP can only see sharing with trees it walks; qgroups see all sharing by themselves.
    /// </summary>
    public IReadOnlyList<string> RetainedPaths { get; init; } = [];

    /// <summary>Which method may be used.</summary>
    public BtrfsSpaceMethod Method { get; init; } = BtrfsSpaceMethod.Automatic;
}
