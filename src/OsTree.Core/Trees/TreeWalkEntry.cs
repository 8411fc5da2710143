using OsTree.Objects;

namespace OsTree.Trees;

/// <summary>One entry met while walking a commit's tree (<see cref="CommitFileTree.Walk"/>), read from dirtrees only.</summary>
/// <param name="Path">The path from the root, starting with <c>/</c> (the root itself is <c>/</c>).</param>
/// <param name="IsDirectory">Whether the entry is a directory.</param>
/// <param name="Checksum">The content object of a file, or the dirtree of a directory.</param>
/// <param name="MetaChecksum">The dirmeta of a directory; default for a file.</param>
public readonly record struct TreeWalkEntry(string Path, bool IsDirectory, Checksum Checksum, Checksum MetaChecksum);
