namespace OsTree.Repositories;

/// <summary>A repository cannot be opened or created: no <c>config</c>, an unknown <c>core.mode</c>, <c>repo_version</c> other than 1, a legacy <c>archive=true</c> key, or a malformed key file.</summary>
public sealed class RepositoryConfigException : OsTreeException
{
    /// <summary>Creates an exception with no message.</summary>
    public RepositoryConfigException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong, in one line.</param>
    public RepositoryConfigException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What went wrong, in one line.</param>
    /// <param name="innerException">The cause.</param>
    public RepositoryConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
