namespace OsTree.Checkout;

/// <summary>
/// A checkout cannot proceed because of the state of the target or of the request: a file that already exists where
/// no union mode allows replacing it, something in the target that is not a directory where the commit has one (a
/// symbolic link is never followed), or a hard link required but impossible.
/// </summary>
public sealed class CheckoutException : OsTreeException
{
    /// <summary>Creates an exception naming the offending path.</summary>
    /// <param name="path">The path inside the target, relative to its root.</param>
    /// <param name="message">What went wrong, in one line.</param>
    public CheckoutException(string path, string message)
        : base(message)
    {
        Path = path;
    }

    /// <summary>Creates an exception naming the offending path, with its cause.</summary>
    /// <param name="path">The path inside the target, relative to its root.</param>
    /// <param name="message">What went wrong, in one line.</param>
    /// <param name="innerException">The cause.</param>
    public CheckoutException(string path, string message, Exception innerException)
        : base(message, innerException)
    {
        Path = path;
    }

    /// <summary>The offending path inside the target, relative to the target's root (empty for the root).</summary>
    public string Path { get; }
}
