using System.Text;
using OsTree.Objects;
using OsTree.Repositories;

namespace OsTree.Transport;

/// <summary>
/// Pulling commits into a repository: from a remote published as static files (<c>ostree pull</c>), or from another
/// local repository of any mode (<c>ostree pull-local</c>). Only missing objects are transferred, every object is
/// verified against its checksum before it is stored, and an interrupted pull resumes where it stopped.
/// </summary>
public static class RepositoryPullExtensions
{
    /// <summary>
    /// Pulls refs from a remote (<c>ostree pull REMOTE [REF…]</c>): reads the remote's <c>summary</c> (probing
    /// <c>summary.sig</c> first) or, without one, <c>refs/heads/REF</c>; checks its <c>config</c>; fetches each
    /// commit's detached metadata and commit, then its dirtrees, dirmetas and files; and finally points
    /// <c>refs/remotes/REMOTE/REF</c> (or <c>refs/heads/REF</c> with <see cref="PullOptions.Mirror"/>) at the commits.
    /// </summary>
    /// <param name="repository">The repository to pull into.</param>
    /// <param name="remoteName">A remote of <paramref name="repository"/>'s config.</param>
    /// <param name="refs">Ref names, or 64-hex commit ids (pulled without writing a ref). Empty or null pulls the
    /// remote's <c>branches</c>, or with <see cref="PullOptions.Mirror"/> every ref of its summary.</param>
    /// <param name="options">Depth, mirror, concurrency, retries, progress; <see cref="PullOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Stops the pull; what was verified and stored stays and a rerun resumes.</param>
    /// <returns>The refs written and transfer statistics.</returns>
    /// <exception cref="RepositoryConfigException">There is no such remote.</exception>
    /// <exception cref="PullException">The remote lacks a ref or an object, cannot be reached after retrying, is not
    /// an archive repository, sent a corrupted or oversized object, or would fill the disk past the
    /// repository's min-free-space.</exception>
    public static async Task<PullResult> PullAsync(this Repository repository, string remoteName, IReadOnlyList<string>? refs = null, PullOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(remoteName);
        options ??= PullOptions.Default;
        var settings = options.ToFetchSettings();
        var remote = repository.GetRemote(remoteName);
        if (remote.GpgVerify)
        {
            throw new PullException($"The remote \"{remote.Name}\" requires GPG signatures (gpg-verify=true), which this library does not verify yet; set gpg-verify=false for it to pull without signature checks.");
        }

        var counters = new PullCounters();
        using var fetcher = CreateFetcher(remote.Url, settings, counters, options);
        using var reporter = new ProgressReporter(options.Progress, options.ProgressInterval, counters);

        // The order libostree uses: summary.sig (a 404 is fine), summary, config, then refs and objects.
        using var signature = await fetcher.TryFetchAsync("summary.sig", FetchLimits.MaxSummarySignatureSize, null, null, cancellationToken).ConfigureAwait(false);
        using var summaryBody = await fetcher.TryFetchAsync("summary", FetchLimits.MaxMetadataSize, null, null, cancellationToken).ConfigureAwait(false);
        RepositorySummary? summary = null;
        byte[]? summaryBytes = summaryBody?.ToArray();
        if (summaryBytes is not null)
        {
            try
            {
                summary = RepositorySummary.Parse(summaryBytes);
            }
            catch (InvalidDataException e)
            {
                throw new PullException($"The summary of {fetcher.Location} is malformed: {e.Message}", e);
            }
        }

        var compression = await CheckRemoteConfigAsync(fetcher, cancellationToken).ConfigureAwait(false);

        var requested = refs is { Count: > 0 } ? refs
            : remote.Branches.Count > 0 ? remote.Branches
            : options.Mirror && summary is not null ? [.. summary.Refs.Select(r => r.Name)]
            : throw new PullException($"No ref to pull: name one, or set branches for the remote \"{remote.Name}\".");
        var targets = new List<(string? Ref, Checksum Commit, long MaxSize)>();
        foreach (var name in requested.Distinct(StringComparer.Ordinal))
        {
            targets.Add(await ResolveRemoteRefAsync(fetcher, summary, name, cancellationToken).ConfigureAwait(false));
        }

        using (var source = new ArchivePullSource(fetcher, ownsFetcher: false, compression))
        {
            await RunAsync(repository, source, targets, options, counters, cancellationToken).ConfigureAwait(false);
        }

        var written = new Dictionary<string, Checksum>(StringComparer.Ordinal);
        foreach (var (name, commit, _) in targets)
        {
            if (name is not null)
            {
                var local = options.Mirror ? name : $"{remote.Name}:{name}";
                repository.WriteRef(local, commit);
                written[local] = commit;
            }
        }

        if (options.Mirror && refs is not { Count: > 0 } && summaryBytes is not null && !options.CommitMetadataOnly)
        {
            // A full mirror serves the same summary (and its signature) as the original.
            Repository.WriteFileAtomically(repository.Path + "/summary", summaryBytes, repository.SyncWrites);
            if (signature is not null)
            {
                Repository.WriteFileAtomically(repository.Path + "/summary.sig", signature.ToArray(), repository.SyncWrites);
            }
            else
            {
                File.Delete(repository.Path + "/summary.sig");
            }
        }

        var statistics = reporter.Finish();
        if (options.Logger is { } logger)
        {
            PullLog.Done(logger, remote.Name, statistics.MetadataObjectsFetched, statistics.ContentObjectsFetched, statistics.BytesTransferred, (long)statistics.Elapsed.TotalMilliseconds);
        }

        return new PullResult(written, [.. targets.Select(t => t.Commit)], statistics);
    }

    /// <summary>
    /// Pulls refs from another repository on this machine (<c>ostree pull-local</c>), whatever the modes of the two:
    /// objects are read through the source's store and re-verified, then stored in this repository's mode; refs are
    /// written under the same names.
    /// </summary>
    /// <param name="repository">The repository to pull into.</param>
    /// <param name="sourcePath">The source repository's directory.</param>
    /// <param name="refs">Refs of the source (<c>name</c> or <c>remote:name</c>) or commit ids; null or empty pulls every ref of <c>refs/heads</c>.</param>
    /// <param name="options">Depth, concurrency, progress (network settings are ignored); <see cref="PullOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Stops the pull; what was verified and stored stays.</param>
    /// <returns>The refs written and statistics.</returns>
    /// <exception cref="RepositoryConfigException">The source is not a repository.</exception>
    /// <exception cref="PullException">A ref or object is missing from the source, or an object is corrupted.</exception>
    public static async Task<PullResult> PullLocalAsync(this Repository repository, string sourcePath, IReadOnlyList<string>? refs = null, PullOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentException.ThrowIfNullOrEmpty(sourcePath);
        options ??= PullOptions.Default;
        _ = options.ToFetchSettings();
        var source = Repository.Open(sourcePath);
        if (source.Path == repository.Path)
        {
            throw new ArgumentException("A repository cannot pull from itself.", nameof(sourcePath));
        }

        var targets = new List<(string? Ref, Checksum Commit, long MaxSize)>();
        IEnumerable<string> requested = refs is { Count: > 0 } ? refs : source.ListRefs().Keys.Order(StringComparer.Ordinal);
        foreach (var name in requested.Distinct(StringComparer.Ordinal))
        {
            if (Checksum.TryParse(name, out var id))
            {
                targets.Add((null, id, FetchLimits.MaxMetadataSize));
            }
            else if (RefName.TryParseRefspec(name, out _, out _) && source.TryReadRef(name, out var commit))
            {
                targets.Add((name, commit, FetchLimits.MaxMetadataSize));
            }
            else
            {
                throw new PullException($"The repository {source.Path} has no ref \"{name}\".");
            }
        }

        var counters = new PullCounters();
        using var reporter = new ProgressReporter(options.Progress, options.ProgressInterval, counters);
        using (IPullSource objects = source.Mode == RepositoryMode.Archive
            ? new ArchivePullSource(new DirectoryFetcher(source.Path, counters.AddBytes), ownsFetcher: true, source.ArchiveCompression)
            : new LocalRepositoryPullSource(source, counters.AddBytes))
        {
            await RunAsync(repository, objects, targets, options, counters, cancellationToken).ConfigureAwait(false);
        }

        var written = new Dictionary<string, Checksum>(StringComparer.Ordinal);
        foreach (var (name, commit, _) in targets)
        {
            if (name is not null)
            {
                repository.WriteRef(name, commit);
                written[name] = commit;
            }
        }

        return new PullResult(written, [.. targets.Select(t => t.Commit)], reporter.Finish());
    }

    private static async Task RunAsync(Repository repository, IPullSource source, List<(string? Ref, Checksum Commit, long MaxSize)> targets, PullOptions options, PullCounters counters, CancellationToken cancellationToken)
    {
        using var target = new RepositoryPullTarget(repository);
        var engine = new PullEngine(source, target, options.MaxConcurrentRequests, options.CommitMetadataOnly, counters, options.Logger);
        // Disposing the target publishes every verified object staged so far, also when the pull fails.
        await engine.RunAsync([.. targets.Select(t => (t.Commit, t.MaxSize)).Distinct()], options.Depth, cancellationToken).ConfigureAwait(false);
    }

    private static IRemoteFetcher CreateFetcher(string url, FetchSettings settings, PullCounters counters, PullOptions options)
    {
        var uri = new Uri(url);
        return uri.IsFile
            ? new DirectoryFetcher(uri.LocalPath, counters.AddBytes)
            : new HttpFetcher(uri, settings, counters.AddBytes, options.Logger, options.HttpClient);
    }

    private static async Task<ArchiveCompression> CheckRemoteConfigAsync(IRemoteFetcher fetcher, CancellationToken cancellationToken)
    {
        using var body = await fetcher.TryFetchAsync("config", FetchLimits.MaxConfigSize, null, null, cancellationToken).ConfigureAwait(false)
            ?? throw new PullException($"{fetcher.Location} is not an ostree repository: it has no config.");
        KeyFile config;
        try
        {
            config = KeyFile.Parse(Encoding.UTF8.GetString(body.Memory.Span));
        }
        catch (InvalidDataException e)
        {
            throw new PullException($"The config of {fetcher.Location} is malformed: {e.Message}", e);
        }

        var version = config.GetString("core", "repo_version");
        if (version is not null && version.Trim() != "1")
        {
            throw new PullException($"{fetcher.Location} has repo_version {version}; only version 1 is supported.");
        }

        var mode = config.GetString("core", "mode")?.Trim() ?? "bare";
        if (mode == "archive-lz4")
        {
            // OsTree.NET's LZ4 archive: the same layout, LZ4 chunks in the .filez payloads.
            return ArchiveCompression.Lz4;
        }

        if (mode is not ("archive-z2" or "archive"))
        {
            throw new PullException($"Cannot pull from {fetcher.Location}: it is a '{mode}' repository, and only archive repositories can be pulled from as files (use a local pull for the others).");
        }

        return ArchiveCompression.Deflate;
    }

    private static async Task<(string? Ref, Checksum Commit, long MaxSize)> ResolveRemoteRefAsync(IRemoteFetcher fetcher, RepositorySummary? summary, string name, CancellationToken cancellationToken)
    {
        if (Checksum.TryParse(name, out var id))
        {
            return (null, id, FetchLimits.MaxMetadataSize);
        }

        if (!RefName.IsValid(name))
        {
            throw new ArgumentException($"'{name}' is not a valid ref name or commit id.", nameof(name));
        }

        if (summary is not null)
        {
            return summary.TryGetRef(name, out var entry)
                ? (name, entry.Commit, (long)Math.Min(entry.CommitSize, (ulong)FetchLimits.MaxMetadataSize))
                : throw new PullException($"No such branch '{name}' in the summary of {fetcher.Location}.");
        }

        using var body = await fetcher.TryFetchAsync("refs/heads/" + name, FetchLimits.MaxRefSize, null, null, cancellationToken).ConfigureAwait(false)
            ?? throw new PullException($"{fetcher.Location} has no ref '{name}' (and no summary).");
        var text = Encoding.ASCII.GetString(body.Memory.Span).TrimEnd('\n');
        return Checksum.TryParse(text, out var commit)
            ? (name, commit, FetchLimits.MaxMetadataSize)
            : throw new PullException($"The ref '{name}' of {fetcher.Location} does not hold a checksum.");
    }
}
