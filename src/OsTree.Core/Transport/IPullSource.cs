using OsTree.Objects;

namespace OsTree.Transport;

/// <summary>Where a pull reads objects from: a published repository over HTTP or on disk, or a local repository.</summary>
internal interface IPullSource : IDisposable
{
    /// <summary>Where the objects come from, for messages.</summary>
    string Location { get; }

    /// <summary>The compression of the <c>.filez</c> bytes this source hands over, or <see langword="null"/> when it
    /// hands over uncompressed data only.</summary>
    Repositories.ArchiveCompression? ArchiveCompression { get; }

    /// <summary>
    /// Reads a metadata object's bytes as the source has them (not yet verified), or <see langword="null"/> when the
    /// source lacks it.
    /// </summary>
    Task<byte[]?> TryGetMetadataAsync(Checksum checksum, ObjectType type, long maxSize, CancellationToken cancellationToken);

    /// <summary>Reads a content object and verifies its checksum.</summary>
    /// <param name="checksum">The object's name.</param>
    /// <param name="keepData">Whether the uncompressed data is needed (the target is not an archive repository).</param>
    /// <param name="spillDirectory">Where large bodies may be kept in unlinked temporary files.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="PullException">The object is missing, malformed or corrupted.</exception>
    Task<VerifiedContent> GetContentAsync(Checksum checksum, bool keepData, string spillDirectory, CancellationToken cancellationToken);

    /// <summary>Whether <see cref="StoreContentAsync"/> can be used (else <see cref="GetContentAsync"/>).</summary>
    bool CanStreamContent { get; }

    /// <summary>
    /// Reads a content object and stores it into <paramref name="target"/> as it arrives, verified before it gets a
    /// name (see <see cref="IPullTarget.BeginContent"/>), without holding it whole.
    /// </summary>
    /// <param name="checksum">The object's name.</param>
    /// <param name="target">Where it goes.</param>
    /// <param name="scratch">The calling worker's buffers.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="PullException">The object is missing, malformed or corrupted.</exception>
    Task StoreContentAsync(Checksum checksum, IPullTarget target, ContentScratch scratch, CancellationToken cancellationToken);
}
