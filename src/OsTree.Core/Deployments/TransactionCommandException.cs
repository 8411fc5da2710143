namespace OsTree.Deployments;

/// <summary>The command of a <see cref="DeploymentTransaction"/> failed; the working tree is discarded.</summary>
public sealed class TransactionCommandException : DeploymentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="exitCode">The command's exit status (128 + N when killed by signal N).</param>
    public TransactionCommandException(string message, int exitCode)
        : base(message)
    {
        ExitCode = exitCode;
    }

    /// <summary>The command's exit status (128 + N when killed by signal N).</summary>
    public int ExitCode { get; }
}
