namespace OsTree.Btrfs.Internal;

/// <summary>A tree to account for: its path, role, subvolume and, for a read-only subvolume root, the cache key.</summary>
internal sealed record ImageTarget(string Path, RangeSetRole Role, ulong SubvolumeId, bool IsSubvolumeRoot, (Guid Uuid, ulong Generation)? CacheKey);
