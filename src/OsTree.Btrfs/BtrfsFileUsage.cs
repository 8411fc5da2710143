namespace OsTree.Btrfs;

/// <summary>One regular file's data usage, as a file line of <c>btrfs filesystem du --raw</c>.</summary>
/// <param name="Path">The file's path (the argument joined with the path below it).</param>
/// <param name="Total">Bytes of data extents the file references (inline, delayed and unknown extents excluded).</param>
/// <param name="Exclusive">The part of <paramref name="Total"/> in extents not marked shared: referenced by this file only.</param>
public sealed record BtrfsFileUsage(string Path, ulong Total, ulong Exclusive)
{
    /// <summary>Bytes in extents shared with something else (another file, snapshot or reflink).</summary>
    public ulong Shared => Total - Exclusive;
}
