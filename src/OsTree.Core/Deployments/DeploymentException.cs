namespace OsTree.Deployments;

/// <summary>
/// A sysroot or deployment cannot be used or changed as asked: a malformed boot configuration, a tree without a
/// kernel, a tree with both <c>/etc</c> and <c>/usr/etc</c>, an attempt to remove the booted deployment.
/// </summary>
public class DeploymentException : OsTreeException
{
    /// <summary>Creates an exception with no message.</summary>
    public DeploymentException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong, in one line.</param>
    public DeploymentException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What went wrong, in one line.</param>
    /// <param name="innerException">The cause.</param>
    public DeploymentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
