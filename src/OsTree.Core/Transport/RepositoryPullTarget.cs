using OsTree.Objects;
using OsTree.Repositories;
using OsTree.Usage;

namespace OsTree.Transport;

/// <summary>
/// Stores verified objects into a <see cref="Repository"/> through one transaction (staging directory, sync,
/// rename). Staged objects are published when the pull stops, also on failure or cancellation: everything staged
/// was verified, so an interrupted pull keeps its progress. Honours the repository's
/// <c>min-free-space-size</c> / <c>min-free-space-percent</c> as libostree does: a budget of free space above the
/// floor, computed at the start, that the pull may not exceed.
/// </summary>
internal sealed class RepositoryPullTarget : IPullTarget, IDisposable
{
    private readonly Repository _repository;
    private readonly long _blockSize;
    private readonly string? _floorDescription;
    private readonly RepositoryTransaction _transaction;
    private long _budget;
    private bool _published;

    internal RepositoryPullTarget(Repository repository)
    {
        _repository = repository;
        var config = repository.Config;
        MinimumFreeSpace floor;
        try
        {
            floor = MinimumFreeSpace.Parse(config.GetString("core", "min-free-space-size"), config.GetString("core", "min-free-space-percent"));
        }
        catch (FormatException e)
        {
            throw new RepositoryConfigException($"{repository.Path}/config: {e.Message}", e);
        }

        var space = FileSystemSpace.Get(repository.Path);
        _blockSize = Math.Max(1, space.BlockSize);
        if (floor.SizeMegabytes == 0 && floor.Percent == 0)
        {
            _budget = long.MaxValue;
        }
        else
        {
            _budget = Math.Max(0, space.FreeBytes - floor.ReservedBytes(space));
            _floorDescription = floor.SizeMegabytes > 0 ? $"min-free-space-size '{floor.SizeMegabytes}MB'" : $"min-free-space-percent '{floor.Percent}%'";
        }

        _transaction = repository.BeginTransaction();
    }

    /// <inheritdoc/>
    public RepositoryMode Mode => _repository.Mode;

    /// <inheritdoc/>
    public bool StoresArchiveBytes(ArchiveCompression compression) => _repository.Mode == RepositoryMode.Archive && _repository.ArchiveCompression == compression;

    /// <inheritdoc/>
    public string TemporaryDirectory => _repository.TmpPath;

    /// <inheritdoc/>
    public bool HasObject(Checksum checksum, ObjectType type) => _transaction.HasObject(checksum, type);

    /// <inheritdoc/>
    public byte[]? TryReadMetadata(Checksum checksum, ObjectType type)
    {
        try
        {
            return _repository.HasObject(checksum, type) ? _repository.ReadMetadataBytes(checksum, type) : null;
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public bool IsCommitPartial(Checksum commit) => File.Exists(PartialPath(commit));

    /// <inheritdoc/>
    public void MarkCommitPartial(Checksum commit)
    {
        Directory.CreateDirectory(_repository.Path + "/state");
        Repository.WriteFileAtomically(PartialPath(commit), [], _repository.SyncWrites);
    }

    /// <inheritdoc/>
    public void ClearCommitPartial(Checksum commit) => File.Delete(PartialPath(commit));

    /// <inheritdoc/>
    public Task StoreMetadataAsync(Checksum checksum, ObjectType type, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        Store(bytes.Length, () =>
        {
            if (type == ObjectType.CommitMeta)
            {
                // Detached metadata is mutable: a newer copy replaces the old one.
                _transaction.WriteCommitMeta(checksum, CommitMeta.Parse(bytes.Span));
            }
            else
            {
                _transaction.WriteMetadataTrusted(type, checksum, bytes.Span);
            }
        });
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task StoreContentAsync(VerifiedContent content, CancellationToken cancellationToken)
    {
        if (content.Archive is { } archive && StoresArchiveBytes(content.ArchiveCompression))
        {
            // The .filez bytes were inflated and hashed: keep them as received instead of compressing again
            // (a target of another compression recompresses them below, from the verified data).
            Store(archive.Length, () => _transaction.WriteMetadataTrusted(ObjectType.File, content.Checksum, archive.IsInMemory ? archive.Memory.Span : archive.ToArray()));
        }
        else if (!content.Header.IsRegularFile)
        {
            Store(content.Header.SymbolicLinkTarget.Length, () => _transaction.WriteContentTrusted(content.Checksum, content.Header, []));
        }
        else if (content.Data is { } data)
        {
            Store(data.Length, () =>
            {
                if (data.IsInMemory)
                {
                    _transaction.WriteContentTrusted(content.Checksum, content.Header, data.Memory.Span);
                }
                else
                {
                    _transaction.WriteContentTrusted(content.Checksum, content.Header, data.SpillPath!, data.Length);
                }
            });
        }
        else
        {
            throw new InvalidOperationException($"Content object {content.Checksum} came without its data.");
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public StagedContentWriter BeginContent(Checksum checksum, FileHeader header, long size)
    {
        if (_floorDescription is null)
        {
            return _transaction.BeginContentTrusted(checksum, header, size);
        }

        var blocks = Reserve(size);
        try
        {
            // An attempt that fails (a dropped connection retried, a corrupted object) gives its reservation back.
            return _transaction.BeginContentTrusted(checksum, header, size, () => Interlocked.Add(ref _budget, blocks));
        }
        catch
        {
            Interlocked.Add(ref _budget, blocks);
            throw;
        }
    }

    /// <inheritdoc/>
    public Task FlushAsync(CancellationToken cancellationToken)
    {
        Publish();
        return Task.CompletedTask;
    }

    /// <summary>Publishes what is staged (verified objects only) and ends the transaction.</summary>
    public void Dispose()
    {
        try
        {
            Publish();
        }
        finally
        {
            _transaction.Dispose();
        }
    }

    private void Publish()
    {
        if (!_published)
        {
            _published = true;
            _transaction.Commit();
        }
    }

    private void Store(long bytes, Action write)
    {
        Reserve(bytes);
        write();
    }

    private long Reserve(long bytes)
    {
        var blocks = ((bytes + _blockSize - 1) / _blockSize) * _blockSize;
        if (Interlocked.Add(ref _budget, -blocks) < 0 && _floorDescription is not null)
        {
            throw new PullException($"{_floorDescription} would be exceeded, at least {bytes} bytes requested.");
        }

        return blocks;
    }

    private string PartialPath(Checksum commit) => $"{_repository.Path}/state/{commit}.commitpartial";
}
