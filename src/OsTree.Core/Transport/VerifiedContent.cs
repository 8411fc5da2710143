using OsTree.Objects;

namespace OsTree.Transport;

/// <summary>
/// A content object whose checksum has been recomputed and matched: its header, and its data either as the
/// archive (<c>.filez</c>) bytes received, as the uncompressed data, or both. Owns its buffers.
/// </summary>
internal sealed class VerifiedContent : IDisposable
{
    internal VerifiedContent(Checksum checksum, FileHeader header, ulong size, FetchedBody? archive, FetchedBody? data, Repositories.ArchiveCompression archiveCompression = Repositories.ArchiveCompression.Deflate)
    {
        ArchiveCompression = archiveCompression;
        Checksum = checksum;
        Header = header;
        Size = size;
        Archive = archive;
        Data = data;
    }

    /// <summary>The object's name, verified.</summary>
    internal Checksum Checksum { get; }

    /// <summary>Owner, mode, xattrs and link target.</summary>
    internal FileHeader Header { get; }

    /// <summary>The uncompressed size of the data (0 for a symbolic link).</summary>
    internal ulong Size { get; }

    /// <summary>The <c>.filez</c> bytes as received, when the source is an archive repository.</summary>
    internal FetchedBody? Archive { get; }

    /// <summary>How <see cref="Archive"/> is compressed.</summary>
    internal Repositories.ArchiveCompression ArchiveCompression { get; }

    /// <summary>The uncompressed data of a regular file, when it was kept.</summary>
    internal FetchedBody? Data { get; }

    /// <inheritdoc/>
    public void Dispose()
    {
        Archive?.Dispose();
        Data?.Dispose();
    }
}
