using OsTree.Objects;
using OsTree.Repositories;

namespace OsTree.Transport;

/// <summary>
/// Objects of a published archive repository read through a fetcher (HTTP or a directory), at the paths libostree
/// uses: <c>objects/XX/REST.commit</c>, <c>.commitmeta</c>, <c>.dirtree</c>, <c>.dirmeta</c>, <c>.filez</c>.
/// </summary>
internal sealed class ArchivePullSource : IPullSource
{
    private readonly IRemoteFetcher _fetcher;
    private readonly bool _ownsFetcher;

    internal ArchivePullSource(IRemoteFetcher fetcher, bool ownsFetcher = true, ArchiveCompression compression = Repositories.ArchiveCompression.Deflate)
    {
        _fetcher = fetcher;
        _ownsFetcher = ownsFetcher;
        ArchiveCompression = compression;
    }

    /// <inheritdoc/>
    public ArchiveCompression? ArchiveCompression { get; }

    /// <inheritdoc/>
    public string Location => _fetcher.Location;

    /// <inheritdoc/>
    public async Task<byte[]?> TryGetMetadataAsync(Checksum checksum, ObjectType type, long maxSize, CancellationToken cancellationToken)
    {
        using var body = await _fetcher.TryFetchAsync(ObjectPath(checksum, type), maxSize, null, null, cancellationToken).ConfigureAwait(false);
        return body?.ToArray();
    }

    /// <inheritdoc/>
    public async Task<VerifiedContent> GetContentAsync(Checksum checksum, bool keepData, string spillDirectory, CancellationToken cancellationToken)
    {
        var body = await _fetcher.TryFetchAsync(ObjectPath(checksum, ObjectType.File), FetchLimits.MaxContentSize, spillDirectory, FetchLimitRefiners.ArchiveContent, cancellationToken).ConfigureAwait(false)
            ?? throw new PullException($"The file object {checksum} is missing from {_fetcher.Location}.");
        try
        {
            return await ContentVerifier.VerifyArchiveAsync(checksum, body, ArchiveCompression!.Value, keepData, spillDirectory, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public bool CanStreamContent => ArchiveCompression == Repositories.ArchiveCompression.Deflate;

    /// <inheritdoc/>
    public async Task StoreContentAsync(Checksum checksum, IPullTarget target, ContentScratch scratch, CancellationToken cancellationToken)
    {
        if (!CanStreamContent)
        {
            throw new NotSupportedException($"Content of {ArchiveCompression} archives is not streamed.");
        }

        var found = await _fetcher.TryFetchStreamAsync(
            ObjectPath(checksum, ObjectType.File),
            FetchLimits.MaxContentSize,
            FetchLimitRefiners.ArchiveContent,
            (body, token) => ContentVerifier.StoreArchiveAsync(checksum, body, target, scratch, token),
            cancellationToken).ConfigureAwait(false);
        if (!found)
        {
            throw new PullException($"The file object {checksum} is missing from {_fetcher.Location}.");
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsFetcher)
        {
            _fetcher.Dispose();
        }
    }

    internal static string ObjectPath(Checksum checksum, ObjectType type)
        => ObjectName.GetRelativePath(checksum, type, RepositoryMode.Archive);
}
