namespace OsTree.Packaging;

/// <summary>A tree carries no rpm or dpkg database in any of the places image-based systems keep one.</summary>
public sealed class PackageDatabaseNotFoundException : OsTreeException
{
    /// <summary>Creates an exception with no message.</summary>
    public PackageDatabaseNotFoundException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public PackageDatabaseNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public PackageDatabaseNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
