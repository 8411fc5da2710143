using OsTree.Objects;
using OsTree.Repositories;

namespace OsTree.Transport;

/// <summary>The repository a pull writes into: only verified objects reach it.</summary>
internal interface IPullTarget
{
    /// <summary>The target's mode (decides whether archive bytes can be stored as received).</summary>
    RepositoryMode Mode { get; }

    /// <summary>Whether verified <c>.filez</c> bytes of this compression are stored as received (an archive target of
    /// the same compression), so that the uncompressed data need not be kept.</summary>
    bool StoresArchiveBytes(ArchiveCompression compression);

    /// <summary>A directory on the target's filesystem for temporary files.</summary>
    string TemporaryDirectory { get; }

    /// <summary>Whether the object is stored.</summary>
    bool HasObject(Checksum checksum, ObjectType type);

    /// <summary>The bytes of a stored metadata object, or <see langword="null"/>.</summary>
    byte[]? TryReadMetadata(Checksum checksum, ObjectType type);

    /// <summary>Whether <c>state/&lt;commit&gt;.commitpartial</c> exists.</summary>
    bool IsCommitPartial(Checksum commit);

    /// <summary>Creates <c>state/&lt;commit&gt;.commitpartial</c>, before any object of the commit is stored.</summary>
    void MarkCommitPartial(Checksum commit);

    /// <summary>Removes <c>state/&lt;commit&gt;.commitpartial</c> once every object of the commit is stored.</summary>
    void ClearCommitPartial(Checksum commit);

    /// <summary>Stores a metadata object whose bytes were verified against <paramref name="checksum"/>.</summary>
    Task StoreMetadataAsync(Checksum checksum, ObjectType type, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken);

    /// <summary>Stores a verified content object.</summary>
    Task StoreContentAsync(VerifiedContent content, CancellationToken cancellationToken);

    /// <summary>
    /// Starts a regular file's content object written as its data arrives (the caller hashes it and publishes only a
    /// verified object); counts its size against the target's free-space budget.
    /// </summary>
    /// <param name="checksum">The object's name, still to be verified.</param>
    /// <param name="header">Its metadata.</param>
    /// <param name="size">The number of data bytes the header declares.</param>
    /// <exception cref="PullException">The free-space budget would be exceeded.</exception>
    StagedContentWriter BeginContent(Checksum checksum, FileHeader header, long size);

    /// <summary>Makes everything stored so far durable (fsync) and visible.</summary>
    Task FlushAsync(CancellationToken cancellationToken);
}
