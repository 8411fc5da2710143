using Microsoft.Extensions.Logging;

namespace OsTree.Transport;

/// <summary>The pull's log messages.</summary>
internal static partial class PullLog
{
    [LoggerMessage(1, LogLevel.Warning, "Fetching {Uri} failed ({Reason}); retry {Attempt} of {Retries} in {DelayMs} ms")]
    internal static partial void Retrying(ILogger logger, Uri uri, string reason, int attempt, int retries, long delayMs);

    [LoggerMessage(2, LogLevel.Debug, "Fetched {Uri}: {Bytes} bytes")]
    internal static partial void Fetched(ILogger logger, Uri uri, long bytes);

    [LoggerMessage(3, LogLevel.Information, "Pulling {Ref} ({Commit}) from {Remote}")]
    internal static partial void PullingRef(ILogger logger, string @ref, string commit, string remote);

    [LoggerMessage(4, LogLevel.Information, "Pull from {Remote} done: {Metadata} metadata and {Content} content objects, {Bytes} bytes in {ElapsedMs} ms")]
    internal static partial void Done(ILogger logger, string remote, long metadata, long content, long bytes, long elapsedMs);

    [LoggerMessage(5, LogLevel.Debug, "Scanning commit {Commit}: {Subject}")]
    internal static partial void PullingCommit(ILogger logger, string commit, string subject);
}
