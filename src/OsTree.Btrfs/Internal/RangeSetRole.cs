namespace OsTree.Btrfs.Internal;

/// <summary>What a range set stands for in <see cref="RangeSweep"/>.</summary>
internal enum RangeSetRole
{
    /// <summary>The current image: kept.</summary>
    Current,

    /// <summary>A non-current image: would be deleted by "delete all others".</summary>
    Other,

    /// <summary>Something else that keeps data alive (a repository, another tree): kept, never reported.</summary>
    Retained,
}
