namespace OsTree.Trees;

/// <summary>One entry of an <see cref="IFileTree"/>, as <c>lstat</c> would describe it.</summary>
/// <param name="Name">The entry's name within its directory (no <c>/</c>).</param>
/// <param name="Type">What the entry is.</param>
/// <param name="Size">The size in bytes of a regular file; the target length of a symbolic link; 0 otherwise.</param>
/// <param name="Mode">The full <c>st_mode</c>, type bits included.</param>
/// <param name="Uid">The owner.</param>
/// <param name="Gid">The group.</param>
public readonly record struct FileTreeEntry(string Name, FileTreeEntryType Type, long Size, uint Mode, uint Uid, uint Gid);
