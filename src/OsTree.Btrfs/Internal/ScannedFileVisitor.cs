namespace OsTree.Btrfs.Internal;

/// <summary>Receives each regular file of a walk once per (subvolume, inode).</summary>
internal delegate void ScannedFileVisitor(in ScannedFile file);
