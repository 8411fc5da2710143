namespace OsTree.Repositories;

/// <summary>The repository's <c>.lock</c> could not be taken within the configured <c>core.lock-timeout-secs</c>.</summary>
public sealed class RepositoryLockedException : OsTreeException
{
    /// <summary>Creates an exception with no message.</summary>
    public RepositoryLockedException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong, in one line.</param>
    public RepositoryLockedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What went wrong, in one line.</param>
    /// <param name="innerException">The cause.</param>
    public RepositoryLockedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
