namespace OsTree.Transport;

/// <summary>
/// A failure of the transfer itself (a reset connection, a stall, a body shorter than announced, a 5xx): the fetcher
/// retries the whole file. Whoever reads a body never throws it for their own failures, which are not retried.
/// </summary>
internal sealed class TransientFetchException : Exception
{
    internal TransientFetchException(string message, int? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
    }

    /// <summary>The HTTP status that made the attempt fail, when one did.</summary>
    internal int? StatusCode { get; }
}
