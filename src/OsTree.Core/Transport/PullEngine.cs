using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OsTree.Objects;
using OsTree.Repositories;

namespace OsTree.Transport;

/// <summary>
/// Copies commits and everything they reference from a source into a target: commit metadata first, then the
/// tree, metadata objects before content, each object once, only what the target lacks, several requests in flight.
/// Every object is verified against its name before the target sees it.
/// </summary>
internal sealed class PullEngine
{
    private readonly IPullSource _source;
    private readonly IPullTarget _target;
    private readonly int _workers;
    private readonly bool _commitMetadataOnly;
    private readonly PullCounters _counters;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<(Checksum, ObjectType), byte> _seen = new();
    private readonly ConcurrentQueue<WorkItem> _metadata = new();
    private readonly ConcurrentQueue<WorkItem> _content = new();
    private readonly ConcurrentDictionary<Checksum, byte> _walkedCommits = new();
    private readonly SemaphoreSlim _available = new(0);
    private int _outstanding;
    private volatile bool _finished;

    internal PullEngine(IPullSource source, IPullTarget target, int workers, bool commitMetadataOnly, PullCounters counters, ILogger? logger)
    {
        _source = source;
        _target = target;
        _workers = Math.Max(1, workers);
        _commitMetadataOnly = commitMetadataOnly;
        _counters = counters;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Pulls the commits and, for each, up to <paramref name="depth"/> ancestors (-1 for all) with their trees.
    /// </summary>
    /// <param name="commits">The commits to pull, each with the largest size its object may have (from the summary).</param>
    /// <param name="depth">How many parents to follow; 0 pulls only the commits themselves.</param>
    /// <param name="cancellationToken">Cancels the pull; what was stored stays and a rerun resumes.</param>
    internal async Task RunAsync(IReadOnlyList<(Checksum Commit, long MaxSize)> commits, int depth, CancellationToken cancellationToken)
    {
        using var failure = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        foreach (var (commit, maxSize) in commits)
        {
            Enqueue(new WorkItem(commit, ObjectType.Commit, depth, maxSize, IsRoot: true));
        }

        if (_outstanding == 0)
        {
            return;
        }

        var errors = new ConcurrentQueue<Exception>();
        var workers = new Task[_workers];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Run(() => WorkAsync(errors, failure), CancellationToken.None);
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (!errors.IsEmpty)
        {
            var first = errors.FirstOrDefault(e => e is not OperationCanceledException) ?? errors.First();
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        }

        await _target.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (!_commitMetadataOnly)
        {
            foreach (var commit in _walkedCommits.Keys)
            {
                _target.ClearCommitPartial(commit);
            }
        }
    }

    private async Task WorkAsync(ConcurrentQueue<Exception> errors, CancellationTokenSource failure)
    {
        var token = failure.Token;
        using var scratch = new ContentScratch();
        while (true)
        {
            try
            {
                await _available.WaitAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (_finished)
            {
                return;
            }

            if (!_metadata.TryDequeue(out var item) && !_content.TryDequeue(out item))
            {
                continue;
            }

            try
            {
                await ProcessAsync(item, scratch, token).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                errors.Enqueue(e);
                _finished = true;
                await failure.CancelAsync().ConfigureAwait(false);
                return;
            }

            Interlocked.Decrement(ref _counters.Pending);
            if (Interlocked.Decrement(ref _outstanding) == 0)
            {
                _finished = true;
                _available.Release(_workers);
                return;
            }
        }
    }

    private void Enqueue(WorkItem item)
    {
        if (!_seen.TryAdd((item.Checksum, item.Type), 0))
        {
            return;
        }

        Interlocked.Increment(ref _outstanding);
        Interlocked.Increment(ref _counters.Pending);
        (item.Type == ObjectType.File ? _content : _metadata).Enqueue(item);
        _available.Release();
    }

    private async Task ProcessAsync(WorkItem item, ContentScratch scratch, CancellationToken token)
    {
        switch (item.Type)
        {
            case ObjectType.Commit:
                await ProcessCommitAsync(item, token).ConfigureAwait(false);
                break;
            case ObjectType.DirTree:
                await ProcessDirTreeAsync(item, token).ConfigureAwait(false);
                break;
            case ObjectType.DirMeta:
                if (_target.HasObject(item.Checksum, ObjectType.DirMeta))
                {
                    Interlocked.Increment(ref _counters.AlreadyPresent);
                    return;
                }

                var meta = await FetchMetadataAsync(item.Checksum, ObjectType.DirMeta, FetchLimits.MaxMetadataSize, required: true, token).ConfigureAwait(false);
                Validate(item.Checksum, ObjectType.DirMeta, () => DirMeta.Parse(meta));
                await StoreMetadataAsync(item.Checksum, ObjectType.DirMeta, meta!, token).ConfigureAwait(false);
                break;
            case ObjectType.File:
                if (_target.HasObject(item.Checksum, ObjectType.File))
                {
                    Interlocked.Increment(ref _counters.AlreadyPresent);
                    return;
                }

                var keepsArchiveBytes = _source.ArchiveCompression is { } compression && _target.StoresArchiveBytes(compression);
                if (!keepsArchiveBytes && _source.CanStreamContent)
                {
                    // Inflated, hashed and written as it arrives: no object is ever held whole in memory.
                    await _source.StoreContentAsync(item.Checksum, _target, scratch, token).ConfigureAwait(false);
                }
                else
                {
                    using var content = await _source.GetContentAsync(item.Checksum, !keepsArchiveBytes, _target.TemporaryDirectory, token).ConfigureAwait(false);
                    await _target.StoreContentAsync(content, token).ConfigureAwait(false);
                }

                Interlocked.Increment(ref _counters.ContentFetched);
                break;
            default:
                throw new UnreachableException();
        }
    }

    private async Task ProcessCommitAsync(WorkItem item, CancellationToken token)
    {
        var checksum = item.Checksum;
        byte[]? bytes;
        var present = _target.HasObject(checksum, ObjectType.Commit);
        if (present && !_target.IsCommitPartial(checksum))
        {
            // Complete already: only its history may still be wanted.
            Interlocked.Increment(ref _counters.AlreadyPresent);
            bytes = item.Depth != 0 ? _target.TryReadMetadata(checksum, ObjectType.Commit) : null;
            if (bytes is not null)
            {
                EnqueueParent(Commit.Parse(bytes), item.Depth);
            }

            return;
        }

        if (present)
        {
            bytes = _target.TryReadMetadata(checksum, ObjectType.Commit)
                ?? throw new OsTreeException($"Commit {checksum} is listed as present but cannot be read.");
        }
        else
        {
            var commitMeta = await FetchMetadataAsync(checksum, ObjectType.CommitMeta, FetchLimits.MaxMetadataSize, required: false, token).ConfigureAwait(false);
            bytes = await FetchMetadataAsync(checksum, ObjectType.Commit, item.MaxSize, required: item.IsRoot, token).ConfigureAwait(false);
            if (bytes is null)
            {
                // A parent the server no longer has: history there was pruned, as libostree allows.
                Interlocked.Increment(ref _counters.MissingParents);
                return;
            }

            _target.MarkCommitPartial(checksum);
            if (commitMeta is not null)
            {
                // Detached metadata is mutable and named after its commit: it cannot be verified by checksum, only parsed.
                Validate(checksum, ObjectType.CommitMeta, () => GVariant.GVariantDictionary.Parse(commitMeta));
                await _target.StoreMetadataAsync(checksum, ObjectType.CommitMeta, commitMeta, token).ConfigureAwait(false);
            }
        }

        var commit = Validate(checksum, ObjectType.Commit, () => Commit.Parse(bytes));
        if (!present)
        {
            await StoreMetadataAsync(checksum, ObjectType.Commit, bytes, token).ConfigureAwait(false);
        }

        PullLog.PullingCommit(_logger, checksum.ToString(), commit.Subject);
        EnqueueParent(commit, item.Depth);
        if (_commitMetadataOnly)
        {
            return;
        }

        _walkedCommits.TryAdd(checksum, 0);
        Enqueue(new WorkItem(commit.RootMeta, ObjectType.DirMeta, 0, FetchLimits.MaxMetadataSize, false));
        Enqueue(new WorkItem(commit.RootTree, ObjectType.DirTree, 0, FetchLimits.MaxMetadataSize, false));
    }

    private void EnqueueParent(Commit commit, int depth)
    {
        if (depth != 0 && commit.Parent is { } parent)
        {
            Enqueue(new WorkItem(parent, ObjectType.Commit, depth < 0 ? -1 : depth - 1, FetchLimits.MaxMetadataSize, IsRoot: false));
        }
    }

    private async Task ProcessDirTreeAsync(WorkItem item, CancellationToken token)
    {
        var bytes = _target.TryReadMetadata(item.Checksum, ObjectType.DirTree);
        if (bytes is not null)
        {
            // Present already, but its children may not be (an interrupted pull): walk it from the target.
            Interlocked.Increment(ref _counters.AlreadyPresent);
            ContentVerifier.VerifyMetadata(item.Checksum, ObjectType.DirTree, bytes);
        }
        else
        {
            bytes = await FetchMetadataAsync(item.Checksum, ObjectType.DirTree, FetchLimits.MaxMetadataSize, required: true, token).ConfigureAwait(false);
        }

        var tree = Validate(item.Checksum, ObjectType.DirTree, () => DirTree.Parse(bytes));
        foreach (var directory in tree.Directories)
        {
            Enqueue(new WorkItem(directory.MetaChecksum, ObjectType.DirMeta, 0, FetchLimits.MaxMetadataSize, false));
            Enqueue(new WorkItem(directory.TreeChecksum, ObjectType.DirTree, 0, FetchLimits.MaxMetadataSize, false));
        }

        foreach (var file in tree.Files)
        {
            Enqueue(new WorkItem(file.Checksum, ObjectType.File, 0, 0, false));
        }

        // Stored after its children are queued and parsed, so a stored dirtree always passed validation.
        if (!_target.HasObject(item.Checksum, ObjectType.DirTree))
        {
            await StoreMetadataAsync(item.Checksum, ObjectType.DirTree, bytes!, token).ConfigureAwait(false);
        }
    }

    private async Task<byte[]?> FetchMetadataAsync(Checksum checksum, ObjectType type, long maxSize, bool required, CancellationToken token)
    {
        var bytes = await _source.TryGetMetadataAsync(checksum, type, maxSize, token).ConfigureAwait(false);
        if (bytes is null)
        {
            return required
                ? throw new PullException($"The {ContentVerifier.ObjectTypeName(type)} object {checksum} is missing from {_source.Location}.")
                : null;
        }

        if (type != ObjectType.CommitMeta)
        {
            ContentVerifier.VerifyMetadata(checksum, type, bytes);
        }

        return bytes;
    }

    private async Task StoreMetadataAsync(Checksum checksum, ObjectType type, byte[] bytes, CancellationToken token)
    {
        await _target.StoreMetadataAsync(checksum, type, bytes, token).ConfigureAwait(false);
        Interlocked.Increment(ref _counters.MetadataFetched);
    }

    private static T Validate<T>(Checksum checksum, ObjectType type, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (InvalidDataException e)
        {
            throw new PullException($"The {ContentVerifier.ObjectTypeName(type)} object {checksum} is malformed: {e.Message}", e);
        }
    }

    private readonly record struct WorkItem(Checksum Checksum, ObjectType Type, int Depth, long MaxSize, bool IsRoot);
}
