namespace OsTree.Btrfs.Internal;

/// <summary>Receives one tree item; returns false to stop the search.</summary>
internal delegate bool TreeSearchVisitor(in TreeItemHeader header, ReadOnlySpan<byte> payload);
