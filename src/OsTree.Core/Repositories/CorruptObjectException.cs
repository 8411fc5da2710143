using OsTree.Objects;

namespace OsTree.Repositories;

/// <summary>
/// An object's bytes do not hash to its name (or a content object cannot be read as one): the repository is
/// corrupted, for example by editing a hard-linked checkout.
/// </summary>
public sealed class CorruptObjectException : OsTreeException
{
    /// <summary>Creates an exception with no message.</summary>
    public CorruptObjectException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong, in one line.</param>
    public CorruptObjectException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What went wrong, in one line.</param>
    /// <param name="innerException">The cause.</param>
    public CorruptObjectException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for an object whose bytes hash to another name.</summary>
    /// <param name="checksum">The object's name.</param>
    /// <param name="type">The object's type.</param>
    /// <param name="actual">What its bytes hash to.</param>
    public CorruptObjectException(Checksum checksum, ObjectType type, Checksum actual)
        : base($"Corrupted {ObjectName.GetExtension(type, RepositoryMode.Bare)} object {checksum}: its content hashes to {actual}.")
    {
        Checksum = checksum;
        Type = type;
    }

    /// <summary>The corrupted object's name, when known.</summary>
    public Checksum? Checksum { get; }

    /// <summary>The corrupted object's type, when known.</summary>
    public ObjectType? Type { get; }
}
