namespace OsTree.Usage;

/// <summary>What a walked inode is, as far as the accounting cares.</summary>
internal enum InodeKind : byte
{
    /// <summary>A regular file, symbolic link or special file outside a repository's objects.</summary>
    File,

    /// <summary>A directory: never hard-linked, so its link count says nothing about sharing.</summary>
    Directory,

    /// <summary>A content object (<c>.file</c>, <c>.filez</c>) under a repository's <c>objects/</c>.</summary>
    ContentObject,

    /// <summary>Any other file under a repository's <c>objects/</c> (commit, dirtree, dirmeta, …).</summary>
    MetadataObject,
}
