namespace OsTree.Cli;

/// <summary>A mistake in how a command was called that the parser cannot see (a missing --repo, conflicting flags).</summary>
internal sealed class CliUsageException : Exception
{
    public CliUsageException(string message)
        : base(message)
    {
    }

    public CliUsageException()
    {
    }

    public CliUsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
