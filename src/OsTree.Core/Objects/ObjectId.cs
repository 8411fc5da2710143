namespace OsTree.Objects;

/// <summary>An object's full identity in a repository: its checksum and its type.</summary>
/// <param name="Checksum">The object's name.</param>
/// <param name="Type">The object's type.</param>
public readonly record struct ObjectId(Checksum Checksum, ObjectType Type)
{
    /// <summary>The checksum and extension, e.g. <c>44f7….file</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Checksum}.{ObjectName.GetExtension(Type, Repositories.RepositoryMode.Bare)}";
}
