using OsTree.Objects;

namespace OsTree.Repositories;

/// <summary>
/// An opened content object: its header (owner, mode, xattrs, symlink target) and a stream of its data (empty for
/// a symbolic link). For archive repositories the stream inflates the <c>.filez</c> payload; for <c>bare-user</c>
/// the header comes from the <c>user.ostreemeta</c> xattr. Dispose it to close the file.
/// </summary>
public sealed class ContentObject : IDisposable
{
    internal ContentObject(FileHeader header, Stream data, long size, string path)
    {
        Header = header;
        Data = data;
        Size = size;
        Path = path;
    }

    /// <summary>The file's metadata as committed.</summary>
    public FileHeader Header { get; }

    /// <summary>The file's data, read from the start; empty for a symbolic link.</summary>
    public Stream Data { get; }

    /// <summary>The data's length in bytes (0 for a symbolic link).</summary>
    public long Size { get; }

    /// <summary>The loose object's path on disk.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    public void Dispose() => Data.Dispose();
}
