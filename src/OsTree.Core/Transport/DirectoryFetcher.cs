using System.Buffers;

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
            return null;
        }

        await using (stream.ConfigureAwait(false))
        {
            if (stream.Length > maxSize)
            {
                throw new PullException($"{full} is {stream.Length} bytes, more than the {maxSize} bytes allowed for it.");
            }

            var body = new FetchedBody(spillDirectory, stream.Length);
            try
            {
                var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(stream.Length, 1 << 20) + 1);
                using var limiter = new PrefixLimiter(refineLimit, maxSize);
                try
                {
                    int n;
                    while ((n = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        if (body.Length + n > limiter.Observe(buffer.AsSpan(0, n)))
                        {
                            throw new PullException($"{full} is larger than the {limiter.Limit} bytes allowed for it.");
                        }

                        await body.AppendAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                        _onBytes?.Invoke(n);
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }

                return body;
            }
            catch
            {
                body.Dispose();
                throw;
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
    }
}
