namespace OsTree.Repositories;

/// <summary>What is wrong with an object found by <see cref="Repository.Fsck"/>.</summary>
public enum FsckProblemKind
{
    /// <summary>The object is referenced but not in the repository.</summary>
    Missing,

    /// <summary>The object's bytes hash to another name.</summary>
    Corrupt,

    /// <summary>The object's bytes are not a valid object of its type.</summary>
    Malformed,
}
