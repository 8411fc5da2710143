namespace OsTree.Btrfs;

/// <summary>How <see cref="ReflinkCopy"/> produced the destination.</summary>
public enum ReflinkCopyResult
{
    /// <summary>The destination shares the source's extents (FICLONE): no data was copied.</summary>
    Cloned,

    /// <summary>The filesystem cannot reflink these two files, so the bytes were copied.</summary>
    Copied,
}
