namespace OsTree;

/// <summary>
/// The base of errors about the state of a repository or sysroot (a missing object, a lock held, a bad config),
/// as opposed to malformed bytes, which raise <see cref="InvalidDataException"/>.
/// </summary>
public class OsTreeException : Exception
{
    /// <summary>Creates an exception with no message.</summary>
    public OsTreeException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong, in one line.</param>
    public OsTreeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What went wrong, in one line.</param>
    /// <param name="innerException">The cause.</param>
    public OsTreeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
