using System.Diagnostics.CodeAnalysis;
using OsTree.Objects;

namespace OsTree.Repositories;

public sealed partial class Repository
{
    private ContentStore? _contentStore;

    private ContentStore Store => _contentStore ??= ContentStore.For(Mode, CompressionLevel, ArchiveCompression);

    /// <summary>Whether a loose object is present.</summary>
    /// <param name="checksum">The object's name.</param>
    /// <param name="type">Its type.</param>
    /// <returns><see langword="true"/> if the file exists (a bare symbolic-link object counts even if dangling).</returns>
    public bool HasObject(Checksum checksum, ObjectType type) => PosixFile.Exists(GetLooseObjectPath(checksum, type));

    /// <summary>Reads a metadata object's bytes and checks that they hash to its name (detached metadata excepted).</summary>
    /// <param name="checksum">The object's name.</param>
    /// <param name="type">A metadata type.</param>
    /// <returns>The bytes.</returns>
    /// <exception cref="ObjectNotFoundException">The object is missing.</exception>
    /// <exception cref="CorruptObjectException">The bytes hash to another name.</exception>
    /// <exception cref="InvalidDataException">The object is larger than <see cref="MaxMetadataSize"/>.</exception>
    public byte[] ReadMetadataBytes(Checksum checksum, ObjectType type)
        => TryReadMetadataBytes(checksum, type, out var bytes) ? bytes : throw new ObjectNotFoundException(checksum, type);

    private bool TryReadMetadataBytes(Checksum checksum, ObjectType type, [NotNullWhen(true)] out byte[]? bytes)
    {
        if (type == ObjectType.File)
        {
            throw new ArgumentException("Content objects are read with OpenContent.", nameof(type));
        }

        var path = GetLooseObjectPath(checksum, type);
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var length = RandomAccess.GetLength(handle);
            if (length > MaxMetadataSize)
            {
                throw new InvalidDataException($"{path}: a metadata object of {length} bytes exceeds the {MaxMetadataSize}-byte limit.");
            }

            bytes = new byte[length];
            var read = 0;
            while (read < bytes.Length)
            {
                var n = RandomAccess.Read(handle, bytes.AsSpan(read), read);
                if (n == 0)
                {
                    throw new IOException($"{path} shrank while being read.");
                }

                read += n;
            }
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            bytes = null;
            return false;
        }

        if (type is not (ObjectType.CommitMeta or ObjectType.TombstoneCommit))
        {
            var actual = Checksum.Compute(bytes);
            if (actual != checksum)
            {
                throw new CorruptObjectException(checksum, type, actual);
            }
        }

        return true;
    }

    /// <summary>Reads and verifies a commit object.</summary>
    /// <param name="checksum">The commit's name.</param>
    /// <returns>The commit.</returns>
    /// <exception cref="ObjectNotFoundException">The commit is missing.</exception>
    /// <exception cref="CorruptObjectException">The bytes hash to another name.</exception>
    /// <exception cref="InvalidDataException">The bytes are not a valid commit.</exception>
    public Commit ReadCommit(Checksum checksum) => Commit.Parse(ReadMetadataBytes(checksum, ObjectType.Commit));

    /// <summary>Reads and verifies a commit object, if present.</summary>
    /// <param name="checksum">The commit's name.</param>
    /// <param name="commit">The commit, when present.</param>
    /// <returns><see langword="true"/> if the commit exists.</returns>
    /// <exception cref="CorruptObjectException">The bytes hash to another name.</exception>
    /// <exception cref="InvalidDataException">The bytes are not a valid commit.</exception>
    public bool TryReadCommit(Checksum checksum, [NotNullWhen(true)] out Commit? commit)
    {
        commit = TryReadMetadataBytes(checksum, ObjectType.Commit, out var bytes) ? Commit.Parse(bytes) : null;
        return commit is not null;
    }

    /// <summary>Reads and verifies a dirtree object.</summary>
    /// <param name="checksum">The dirtree's name.</param>
    /// <returns>The dirtree.</returns>
    /// <exception cref="ObjectNotFoundException">The object is missing.</exception>
    /// <exception cref="CorruptObjectException">The bytes hash to another name.</exception>
    /// <exception cref="InvalidDataException">The bytes are not a valid dirtree.</exception>
    public DirTree ReadDirTree(Checksum checksum) => DirTree.Parse(ReadMetadataBytes(checksum, ObjectType.DirTree));

    /// <summary>Reads and verifies a dirmeta object.</summary>
    /// <param name="checksum">The dirmeta's name.</param>
    /// <returns>The dirmeta.</returns>
    /// <exception cref="ObjectNotFoundException">The object is missing.</exception>
    /// <exception cref="CorruptObjectException">The bytes hash to another name.</exception>
    /// <exception cref="InvalidDataException">The bytes are not a valid dirmeta.</exception>
    public DirMeta ReadDirMeta(Checksum checksum) => DirMeta.Parse(ReadMetadataBytes(checksum, ObjectType.DirMeta));

    /// <summary>Reads a commit's detached metadata, if any.</summary>
    /// <param name="commit">The commit.</param>
    /// <param name="metadata">The detached metadata, when present.</param>
    /// <returns><see langword="true"/> if the commit has detached metadata.</returns>
    /// <exception cref="InvalidDataException">The object is not a valid <c>a{sv}</c>.</exception>
    public bool TryReadCommitMeta(Checksum commit, [NotNullWhen(true)] out CommitMeta? metadata)
    {
        metadata = TryReadMetadataBytes(commit, ObjectType.CommitMeta, out var bytes) ? CommitMeta.Parse(bytes) : null;
        return metadata is not null;
    }

    /// <summary>
    /// Opens a content object. The data is not re-hashed here (use <see cref="ComputeContentChecksum"/> or fsck);
    /// the header is parsed and validated.
    /// </summary>
    /// <param name="checksum">The content object's name.</param>
    /// <returns>The header and a data stream; dispose it.</returns>
    /// <exception cref="ObjectNotFoundException">The object is missing.</exception>
    /// <exception cref="InvalidDataException">The object cannot be read as content.</exception>
    public ContentObject OpenContent(Checksum checksum)
    {
        var path = GetLooseObjectPath(checksum, ObjectType.File);
        try
        {
            return Store.Open(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ObjectNotFoundException(checksum, ObjectType.File);
        }
    }

    /// <summary>Recomputes a content object's checksum from its stored header and data.</summary>
    /// <param name="checksum">The content object's name.</param>
    /// <returns>What it hashes to now (equal to <paramref name="checksum"/> unless corrupted).</returns>
    /// <exception cref="ObjectNotFoundException">The object is missing.</exception>
    /// <exception cref="InvalidDataException">The object cannot be read as content.</exception>
    public Checksum ComputeContentChecksum(Checksum checksum)
    {
        using var content = OpenContent(checksum);
        return content.Header.ComputeContentChecksum(content.Data);
    }

    /// <summary>Lists every loose object of the repository, in no particular order.</summary>
    /// <returns>The objects.</returns>
    public IEnumerable<ObjectId> EnumerateObjects()
    {
        if (!Directory.Exists(ObjectsPath))
        {
            yield break;
        }

        foreach (var dir in Directory.EnumerateDirectories(ObjectsPath))
        {
            var prefix = System.IO.Path.GetFileName(dir);
            if (prefix.Length != 2)
            {
                continue;
            }

            // Parsed from the directory entry's name as it is read: no path string per object (repositories hold
            // tens of thousands, and prune lists them all on every deploy).
            var mode = Mode;
            var names = new System.IO.Enumeration.FileSystemEnumerable<ObjectId>(
                dir,
                (ref System.IO.Enumeration.FileSystemEntry entry) =>
                {
                    ObjectName.TryParse(prefix, entry.FileName, mode, out var checksum, out var type);
                    return new ObjectId(checksum, type);
                },
                new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false })
            {
                ShouldIncludePredicate = (ref System.IO.Enumeration.FileSystemEntry entry) => ObjectName.TryParse(prefix, entry.FileName, mode, out _, out _),
            };
            foreach (var id in names)
            {
                yield return id;
            }
        }
    }
}
