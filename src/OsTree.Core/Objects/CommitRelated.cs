namespace OsTree.Objects;

/// <summary>An entry of a commit's "related objects" list, <c>(say)</c>; libostree always writes the list empty.</summary>
/// <param name="Name">The entry's name.</param>
/// <param name="Checksum">The object it names.</param>
public readonly record struct CommitRelated(string Name, Checksum Checksum);
