namespace OsTree.Transport;

/// <summary>
/// Reads files of a published repository (<c>summary</c>, <c>refs/heads/…</c>, <c>objects/…</c>) by their path
/// relative to the repository's root. The seam between the pull engine and a transport (HTTP, local directory).
/// </summary>
internal interface IRemoteFetcher : IDisposable
{
    /// <summary>Where the files come from, for messages.</summary>
    string Location { get; }

    /// <summary>
    /// Fetches one file, retrying transient failures. Returns <see langword="null"/> when the file does not exist.
    /// </summary>
    /// <param name="path">The path relative to the repository root, e.g. <c>objects/ab/cdef….commit</c>.</param>
    /// <param name="maxSize">The largest acceptable body; a larger one fails without reading it all.</param>
    /// <param name="spillDirectory">Where a large body may be kept in an unlinked temporary file; null keeps it in memory.</param>
    /// <param name="refineLimit">Tightens <paramref name="maxSize"/> from the body's first bytes; null for none.</param>
    /// <param name="cancellationToken">Cancels the fetch.</param>
    /// <exception cref="PullException">The file could not be fetched, or it is larger than <paramref name="maxSize"/>.</exception>
    Task<FetchedBody?> TryFetchAsync(string path, long maxSize, string? spillDirectory, FetchLimitRefiner? refineLimit, CancellationToken cancellationToken);

    /// <summary>
    /// Fetches one file and hands its body to <paramref name="consume"/> as it arrives, without holding it whole. A
    /// transient failure of the transfer, also one met while <paramref name="consume"/> reads, retries the file with a
    /// new body: <paramref name="consume"/> then starts over and must drop what it made of the failed attempt. Its own
    /// failures are not retried. Returns <see langword="false"/> when the file does not exist.
    /// </summary>
    /// <param name="path">The path relative to the repository root.</param>
    /// <param name="maxSize">The largest acceptable body; reading past it fails.</param>
    /// <param name="refineLimit">Tightens <paramref name="maxSize"/> from the body's first bytes; null for none.</param>
    /// <param name="consume">Reads the body, with the token its reads should use.</param>
    /// <param name="cancellationToken">Cancels the fetch.</param>
    /// <exception cref="PullException">The file could not be fetched, or it is larger than allowed.</exception>
    Task<bool> TryFetchStreamAsync(string path, long maxSize, FetchLimitRefiner? refineLimit, Func<BodyStream, CancellationToken, Task> consume, CancellationToken cancellationToken);
}
