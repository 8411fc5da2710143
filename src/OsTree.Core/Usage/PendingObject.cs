using OsTree.Objects;

namespace OsTree.Usage;

/// <summary>One content object a pending deploy needs: its checksum and its size.</summary>
/// <param name="Checksum">The content object's checksum.</param>
/// <param name="Size">The file's size in bytes.</param>
public readonly record struct PendingObject(Checksum Checksum, long Size);
