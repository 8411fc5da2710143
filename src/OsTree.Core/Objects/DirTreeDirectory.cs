namespace OsTree.Objects;

/// <summary>A subdirectory entry of a <see cref="DirTree"/>: a name, its dirtree and its dirmeta.</summary>
/// <param name="Name">The directory's name (validated by <see cref="DirTree"/>).</param>
/// <param name="TreeChecksum">The subdirectory's <c>.dirtree</c>.</param>
/// <param name="MetaChecksum">The subdirectory's <c>.dirmeta</c>.</param>
public readonly record struct DirTreeDirectory(string Name, Checksum TreeChecksum, Checksum MetaChecksum);
