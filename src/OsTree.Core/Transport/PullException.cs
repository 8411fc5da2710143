namespace OsTree.Transport;

/// <summary>
/// A pull failed: the remote could not be reached after retrying, answered with an error, or sent something that is
/// not what it should be (an object whose checksum does not match, a metadata object over its size limit).
/// Nothing unverified was stored; rerunning the pull fetches only what is still missing.
/// </summary>
public sealed class PullException : OsTreeException
{
    /// <summary>Creates an exception with no message.</summary>
    public PullException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong, in one line.</param>
    public PullException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What went wrong, in one line.</param>
    /// <param name="innerException">The cause.</param>
    public PullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The address of the file whose fetch failed, when one did.</summary>
    public Uri? Uri { get; init; }

    /// <summary>The HTTP status the server answered with, when that was the failure.</summary>
    public int? StatusCode { get; init; }
}
