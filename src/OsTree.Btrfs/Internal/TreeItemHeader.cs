namespace OsTree.Btrfs.Internal;

/// <summary>The key of one item returned by a tree search (<c>struct btrfs_ioctl_search_header</c> minus its length).</summary>
internal readonly record struct TreeItemHeader(ulong TransId, ulong ObjectId, ulong Offset, uint Type);
