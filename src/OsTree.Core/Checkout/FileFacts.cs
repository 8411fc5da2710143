using OsTree.Objects;

namespace OsTree.Checkout;

/// <summary>What the checkout needs to know of one content object, gathered without allocating for hard links.</summary>
internal struct FileFacts
{
    /// <summary>The full mode (type and permissions) as committed.</summary>
    public uint Mode;
    public uint Uid;
    public uint Gid;
    public long Size;

    /// <summary>The xattrs as committed; empty until the full header has been read.</summary>
    public IReadOnlyList<Xattr> Xattrs;

    /// <summary>The symbolic link target, once read.</summary>
    public string? SymbolicLinkTarget;

    /// <summary>Whether <see cref="Xattrs"/> and <see cref="SymbolicLinkTarget"/> come from the full header.</summary>
    public bool HasFullHeader;

    public readonly bool IsSymbolicLink => (Mode & 0xF000) == 0xA000;

    public readonly bool IsRegularFile => (Mode & 0xF000) == 0x8000;
}
