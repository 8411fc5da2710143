namespace OsTree.Objects;

/// <summary>A file entry of a <see cref="DirTree"/>: a name and the content object it names.</summary>
/// <param name="Name">The file's name (validated by <see cref="DirTree"/>).</param>
/// <param name="Checksum">The content object's checksum.</param>
public readonly record struct DirTreeFile(string Name, Checksum Checksum);
