namespace OsTree.Usage;

/// <summary>One directory entry met by <see cref="TreeWalker"/>: the inode it names and what <c>statx</c> said of it.</summary>
internal readonly record struct ScannedInode(InodeKey Key, long Blocks, long Size, uint LinkCount, InodeKind Kind);
