using OsTree.Objects;

namespace OsTree.Repositories;

/// <summary>An object the operation needs is not in the repository (for example a partial pull, or a pruned parent).</summary>
public sealed class ObjectNotFoundException : OsTreeException
{
    /// <summary>Creates an exception with no message.</summary>
    public ObjectNotFoundException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong, in one line.</param>
    public ObjectNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What went wrong, in one line.</param>
    /// <param name="innerException">The cause.</param>
    public ObjectNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for a missing object.</summary>
    /// <param name="checksum">The object's name.</param>
    /// <param name="type">The object's type.</param>
    public ObjectNotFoundException(Checksum checksum, ObjectType type)
        : base($"No {ObjectName.GetExtension(type, RepositoryMode.Bare)} object {checksum} in the repository.")
    {
        Checksum = checksum;
        Type = type;
    }

    /// <summary>The missing object's name, when known.</summary>
    public Checksum? Checksum { get; }

    /// <summary>The missing object's type, when known.</summary>
    public ObjectType? Type { get; }
}
