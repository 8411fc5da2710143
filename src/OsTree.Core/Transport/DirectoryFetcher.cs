namespace OsTree.Transport;

/// <summary>Reads the files of a repository published in a local directory (a <c>file://</c> remote).</summary>
internal sealed class DirectoryFetcher : IRemoteFetcher
{
    private readonly string _root;
    private readonly Action<long>? _onBytes;

    /// <summary>Creates a fetcher over the repository directory <paramref name="root"/>.</summary>
    internal DirectoryFetcher(string root, Action<long>? onBytes = null)
    {
        _root = Path.GetFullPath(root);
        _onBytes = onBytes;
    }

    /// <inheritdoc/>
    public string Location => new Uri(_root).AbsoluteUri;

    /// <inheritdoc/>
    public async Task<FetchedBody?> TryFetchAsync(string path, long maxSize, string? spillDirectory, FetchLimitRefiner? refineLimit, CancellationToken cancellationToken)
    {
        FetchedBody? result = null;
        var found = await TryFetchStreamAsync(path, maxSize, refineLimit, async (body, token) => result = await FetchedBody.ReadAsync(body, spillDirectory, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        return found ? result : null;
    }

    /// <inheritdoc/>
    public async Task<bool> TryFetchStreamAsync(string path, long maxSize, FetchLimitRefiner? refineLimit, Func<BodyStream, CancellationToken, Task> consume, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(consume);
        var full = Path.GetFullPath(Path.Combine(_root, path));
        if (!full.StartsWith(_root + "/", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{path}' is outside the repository.", nameof(path));
        }

        FileStream stream;
        try
        {
            stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }

        await using (stream.ConfigureAwait(false))
        {
            var length = stream.Length;
            if (length > maxSize)
            {
                throw new PullException($"{full} is {length} bytes, more than the {maxSize} bytes allowed for it.");
            }

            using var limiter = new PrefixLimiter(refineLimit, maxSize);
            using var body = new BodyStream(stream, length, limiter, full, null, _onBytes, null, Timeout.InfiniteTimeSpan, cancellationToken);
            await consume(body, cancellationToken).ConfigureAwait(false);
            return true;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
    }
}
