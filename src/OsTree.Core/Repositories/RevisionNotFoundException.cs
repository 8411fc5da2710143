namespace OsTree.Repositories;

/// <summary>A revision (ref, <c>ref^</c>, checksum or checksum prefix) does not resolve to a commit in the repository, or a prefix is ambiguous.</summary>
public sealed class RevisionNotFoundException : OsTreeException
{
    /// <summary>Creates an exception with no message.</summary>
    public RevisionNotFoundException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong, in one line.</param>
    public RevisionNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What went wrong, in one line.</param>
    /// <param name="innerException">The cause.</param>
    public RevisionNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
