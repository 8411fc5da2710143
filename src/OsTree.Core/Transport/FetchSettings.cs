namespace OsTree.Transport;

/// <summary>How a fetcher behaves on the network.</summary>
/// <param name="MaxConnections">Connections kept to one server (the requests in flight are bounded by the caller).</param>
/// <param name="Retries">Attempts after the first one for a transient failure (connection refused or reset, 5xx, 408, 429, a stalled transfer).</param>
/// <param name="InitialBackoff">The wait before the first retry; it doubles each time, with jitter.</param>
/// <param name="MaxBackoff">The longest wait between two attempts.</param>
/// <param name="IdleTimeout">How long a transfer may make no progress before the attempt is abandoned as failed.</param>
internal sealed record FetchSettings(int MaxConnections, int Retries, TimeSpan InitialBackoff, TimeSpan MaxBackoff, TimeSpan IdleTimeout)
{
    /// <summary>Eight connections, five retries from 200 ms up to 5 s, 60 s idle timeout.</summary>
    internal static FetchSettings Default { get; } = new(8, 5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60));

    /// <summary>The wait before retry number <paramref name="attempt"/> (1-based).</summary>
    internal TimeSpan Backoff(int attempt)
    {
        var exponential = InitialBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 20));
        var capped = Math.Min(exponential, MaxBackoff.TotalMilliseconds);
        // Full jitter over the upper half: spreads retries of many requests that failed together.
        return TimeSpan.FromMilliseconds((capped / 2) + (Random.Shared.NextDouble() * capped / 2));
    }
}
