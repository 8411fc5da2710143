using Microsoft.Extensions.Logging;

namespace OsTree.Transport;

/// <summary>How a pull behaves. The defaults match <c>ostree pull</c> with no options.</summary>
public sealed record PullOptions
{
    /// <summary>The defaults.</summary>
    public static PullOptions Default { get; } = new();

    /// <summary>How many parent commits to pull as well: 0 (the default) for none, -1 for the whole history
    /// (<c>--depth</c>). A parent the remote no longer has ends the history without an error.</summary>
    public int Depth { get; init; }

    /// <summary>Write refs as the remote names them (<c>refs/heads/REF</c>) rather than under
    /// <c>refs/remotes/REMOTE/</c>, and, when no ref is named, pull every ref of the summary and copy the summary
    /// (<c>--mirror</c>).</summary>
    public bool Mirror { get; init; }

    /// <summary>Fetch only commit objects (and their detached metadata), not their trees
    /// (<c>--commit-metadata-only</c>); such commits stay marked partial, as in libostree.</summary>
    public bool CommitMetadataOnly { get; init; }

    /// <summary>Requests in flight at once (default 16).</summary>
    public int MaxConcurrentRequests { get; init; } = 16;

    /// <summary>Retries of a request that failed transiently: connection refused or reset, 5xx, a stalled transfer (default 5).</summary>
    public int NetworkRetries { get; init; } = 5;

    /// <summary>The wait before the first retry; it doubles each time up to <see cref="MaxRetryDelay"/> (default 200 ms).</summary>
    public TimeSpan InitialRetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest wait between two attempts (default 5 s).</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a transfer may make no progress before it counts as failed and is retried (default 60 s).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Receives progress snapshots, at most every <see cref="ProgressInterval"/> and once at the end.</summary>
    public IProgress<PullProgress>? Progress { get; init; }

    /// <summary>The shortest time between two progress reports (default 250 ms).</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Receives retries (warning) and per-object detail (debug).</summary>
    public ILogger? Logger { get; init; }

    /// <summary>An HTTP client to use (for proxies, client certificates, custom handlers); by default the pull makes
    /// its own with HTTP/1.1 keep-alive and <see cref="MaxConcurrentRequests"/> connections. It is not disposed.</summary>
    public HttpClient? HttpClient { get; init; }

    internal FetchSettings ToFetchSettings()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentRequests, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(NetworkRetries);
        ArgumentOutOfRangeException.ThrowIfLessThan(Depth, -1);
        return new FetchSettings(MaxConcurrentRequests, NetworkRetries, InitialRetryDelay, MaxRetryDelay, IdleTimeout);
    }
}
