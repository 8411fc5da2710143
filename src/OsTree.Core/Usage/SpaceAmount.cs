namespace OsTree.Usage;

/// <summary>
/// An amount of disk space in which every inode is counted once, however many hard links name it.
/// </summary>
/// <param name="Bytes">Allocated bytes (<c>st_blocks</c> × 512), the unit of <c>du</c> without <c>--apparent-size</c>.</param>
/// <param name="ApparentBytes">The sum of the inodes' sizes (<c>st_size</c>), the unit of <c>du --apparent-size</c>.</param>
/// <param name="Inodes">How many distinct inodes (files, directories, symbolic links) are counted.</param>
public readonly record struct SpaceAmount(long Bytes, long ApparentBytes, long Inodes)
{
    /// <summary>Nothing.</summary>
    public static SpaceAmount Zero => default;

    /// <summary>The sum of two disjoint amounts.</summary>
    /// <param name="other">An amount counting other inodes.</param>
    /// <returns>Both amounts together.</returns>
    public SpaceAmount Add(SpaceAmount other)
        => new(Bytes + other.Bytes, ApparentBytes + other.ApparentBytes, Inodes + other.Inodes);
}
