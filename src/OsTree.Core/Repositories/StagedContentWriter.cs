using OsTree.Objects;

namespace OsTree.Repositories;

/// <summary>
/// A regular file's content object being written into a transaction's staging area as its data arrives, in an
/// unnamed file: the caller hashes the data it writes and publishes the object only once the checksum matched;
/// disposing an unpublished writer drops the file, and nothing of it was ever visible under a name.
/// </summary>
internal sealed class StagedContentWriter : IDisposable
{
    private readonly RepositoryTransaction _transaction;
    private readonly ObjectId _id;
    private readonly StagedObjectFile _file;
    private readonly ContentStore.ContentSink _sink;
    private readonly Action? _abandoned;
    private bool _published;

    internal StagedContentWriter(RepositoryTransaction transaction, ObjectId id, StagedObjectFile file, ContentStore.ContentSink sink, Action? abandoned)
    {
        _transaction = transaction;
        _id = id;
        _file = file;
        _sink = sink;
        _abandoned = abandoned;
    }

    /// <summary>Appends data.</summary>
    internal void Write(ReadOnlySpan<byte> data) => _sink.Write(data);

    /// <summary>Applies the object's metadata and gives it its staging name: call once its checksum is verified.</summary>
    internal void Publish()
    {
        ObjectDisposedException.ThrowIf(_published, this);
        _sink.Complete();
        _transaction.Publish(_id, _file);
        _published = true;
    }

    /// <summary>Closes the file; an unpublished object is dropped.</summary>
    public void Dispose()
    {
        _sink.Dispose();
        _file.Dispose();
        if (!_published)
        {
            _abandoned?.Invoke();
        }
    }
}
