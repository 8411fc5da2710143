using System.Buffers;
using OsTree.Objects;
using OsTree.Repositories;

namespace OsTree.Transport;

/// <summary>
/// Objects read from another local repository of any mode through its own object store (so bare, bare-user and
/// bare-user-only sources work), every object re-verified: metadata re-hashed, content re-hashed from its header
/// and data, as <c>ostree pull-local --untrusted</c> does.
/// </summary>
internal sealed class LocalRepositoryPullSource : IPullSource
{
    private const int Chunk = 128 * 1024;
    private readonly Repository _source;
    private readonly Action<long>? _onBytes;

    internal LocalRepositoryPullSource(Repository source, Action<long>? onBytes)
    {
        _source = source;
        _onBytes = onBytes;
    }

    /// <inheritdoc/>
    public ArchiveCompression? ArchiveCompression => null;

    /// <inheritdoc/>
    public string Location => _source.Path;

    /// <inheritdoc/>
    public Task<byte[]?> TryGetMetadataAsync(Checksum checksum, ObjectType type, long maxSize, CancellationToken cancellationToken)
    {
        var path = _source.GetLooseObjectPath(checksum, type);
        byte[]? bytes = null;
        try
        {
            var length = new FileInfo(path).Length;
            if (length > maxSize)
            {
                throw new PullException($"{path} is {length} bytes, more than the {maxSize} bytes allowed for it.");
            }

            bytes = File.ReadAllBytes(path);
            _onBytes?.Invoke(bytes.Length);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
        }

        return Task.FromResult(bytes);
    }

    /// <inheritdoc/>
    public async Task<VerifiedContent> GetContentAsync(Checksum checksum, bool keepData, string spillDirectory, CancellationToken cancellationToken)
    {
        ContentObject content;
        try
        {
            content = _source.OpenContent(checksum);
        }
        catch (ObjectNotFoundException e)
        {
            throw new PullException($"The file object {checksum} is missing from {_source.Path}.", e);
        }
        catch (InvalidDataException e)
        {
            throw new PullException($"Content object {checksum} in {_source.Path} is malformed: {e.Message}", e);
        }

        using (content)
        {
            var header = content.Header;
            using var hash = header.CreateContentHash();
            var data = header.IsRegularFile ? new FetchedBody(spillDirectory, content.Size) : null;
            var buffer = ArrayPool<byte>.Shared.Rent(Chunk);
            try
            {
                long total = 0;
                if (data is not null)
                {
                    int n;
                    while ((n = await content.Data.ReadAsync(buffer.AsMemory(0, Chunk), cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        total += n;
                        hash.AppendData(buffer, 0, n);
                        await data.AppendAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                        _onBytes?.Invoke(n);
                    }
                }

                var actual = FileHeader.FinishHash(hash);
                if (actual != checksum)
                {
                    throw new PullException($"Corrupted content object {checksum} in {_source.Path}: its content checksum is {actual}.");
                }

                var result = new VerifiedContent(checksum, header, (ulong)total, null, data);
                data = null;
                return result;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
                data?.Dispose();
            }
        }
    }

    /// <inheritdoc/>
    public bool CanStreamContent => false;

    /// <inheritdoc/>
    public Task StoreContentAsync(Checksum checksum, IPullTarget target, ContentScratch scratch, CancellationToken cancellationToken)
        => throw new NotSupportedException("Objects of a local repository are read through GetContentAsync.");

    /// <inheritdoc/>
    public void Dispose()
    {
    }
}
