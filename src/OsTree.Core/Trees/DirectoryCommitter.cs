using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Enumeration;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;
using OsTree.GVariant;
using OsTree.Internal.Interop;
using OsTree.Objects;
using OsTree.Repositories;

namespace OsTree.Trees;

/// <summary>
/// Commits a directory as <c>ostree commit</c> does: scans it, hashes every file on all cores (header + data, as
/// libostree), writes the missing content objects, then the dirmeta and dirtree objects bottom-up and the commit.
/// Hard links are hashed once per inode.
/// </summary>
internal sealed class DirectoryCommitter
{
    // Files up to this size are read once into memory, hashed and written from the same buffer.
    private const int InMemoryLimit = 4 * 1024 * 1024;

    [ThreadStatic]
    private static IncrementalHash? t_hash;

    private readonly Repository _repository;
    private readonly CommitOptions _options;
    private readonly RepositoryTransaction _transaction;
    private readonly bool _canonicalize;
    private readonly ConcurrentDictionary<(ulong Device, ulong Inode), Checksum> _hardLinks = new();

    private DirectoryCommitter(Repository repository, CommitOptions options, RepositoryTransaction transaction)
    {
        _repository = repository;
        _options = options;
        _transaction = transaction;
        _canonicalize = repository.Mode == RepositoryMode.BareUserOnly;
    }

    internal static Checksum Commit(Repository repository, string directory, CommitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var root = Path.GetFullPath(directory).TrimEnd('/');
        if (root.Length == 0)
        {
            root = "/";
        }

        if (!PosixFile.TryLstat(root, out var st) || !StatMode.IsDirectory(st.Mode))
        {
            throw new DirectoryNotFoundException($"'{directory}' is not a directory.");
        }

        if (options.Branch is { } branch && !RefName.TryParseRefspec(branch, out _, out _))
        {
            throw new ArgumentException($"'{branch}' is not a valid ref.", nameof(options));
        }

        using var transaction = repository.BeginTransaction();
        var committer = new DirectoryCommitter(repository, options, transaction);

        var tree = committer.ScanAndHash(root, st);
        var (rootTree, rootMeta) = committer.WriteDirectories(tree);

        Checksum? parent = options.Parent;
        if (parent is null && !options.Orphan && options.Branch is not null && repository.TryReadRef(options.Branch, out var current))
        {
            parent = current;
        }

        var metadata = options.Metadata;
        if (options.Version is { } version && !metadata.TryGetValue(Objects.Commit.VersionKey, out _))
        {
            metadata = metadata.With(Objects.Commit.VersionKey, GVariantValue.FromString(version));
        }

        if (!options.NoBindings && options.Branch is not null)
        {
            metadata = metadata.With(Objects.Commit.RefBindingKey, GVariantValue.FromStrings([options.Branch]));
        }

        var timestamp = options.Timestamp ?? DateTimeOffset.UtcNow;
        var commit = new Commit(rootTree, rootMeta, (ulong)Math.Max(0, timestamp.ToUnixTimeSeconds()), options.Subject, options.Body, parent, metadata);
        var bytes = commit.Serialize();
        var checksum = Checksum.Compute(bytes);
        transaction.WriteMetadataTrusted(ObjectType.Commit, checksum, bytes);
        transaction.Commit();
        if (options.Branch is not null)
        {
            repository.WriteRef(options.Branch, checksum);
        }

        return checksum;
    }

    /// <summary>
    /// Walks the tree on this thread while the files found so far are hashed and written on the others: the walk is
    /// one thread's worth of syscalls, and hashing only after it would leave the other cores idle meanwhile.
    /// </summary>
    private DirectoryNode ScanAndHash(string root, in Interop.StatxBuffer st)
    {
        using var found = new BlockingCollection<FileNode>();
        var hashing = Task.Run(() => HashFiles(found));
        DirectoryNode tree;
        try
        {
            tree = Scan(root, st, found);
        }
        catch
        {
            found.CompleteAdding();
            try
            {
                hashing.Wait();
            }
            catch (AggregateException)
            {
                // The walk's own error is the one to report.
            }

            throw;
        }

        found.CompleteAdding();
        try
        {
            hashing.Wait();
        }
        catch (AggregateException e)
        {
            // Parallel.ForEach wraps whatever a file threw; callers expect the typed exception itself.
            var first = e.Flatten().InnerExceptions[0];
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        }

        return tree;
    }

    private DirectoryNode Scan(string path, in Interop.StatxBuffer st, BlockingCollection<FileNode> found)
    {
        var node = new DirectoryNode(path, ReadDirMeta(path, st));
        var entries = new FileSystemEnumerable<(string Name, FileAttributes Attributes, bool IsDirectory)>(
            path,
            static (ref FileSystemEntry e) => (e.FileName.ToString(), e.Attributes, e.IsDirectory),
            new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false, RecurseSubdirectories = false, ReturnSpecialDirectories = false });
        foreach (var (name, attributes, isDirectory) in entries)
        {
            var child = path == "/" ? "/" + name : path + "/" + name;
            if (isDirectory && (attributes & FileAttributes.ReparsePoint) == 0)
            {
                var childStat = PosixFile.Lstat(child);
                if (StatMode.IsDirectory(childStat.Mode))
                {
                    node.Directories.Add((name, Scan(child, childStat, found)));
                    continue;
                }
            }

            var file = new FileNode(name, child);
            node.Files.Add(file);
            found.Add(file);
        }

        return node;
    }

    private DirMeta ReadDirMeta(string path, in Interop.StatxBuffer st)
    {
        var uid = _options.OwnerUid ?? st.Uid;
        var gid = _options.OwnerGid ?? st.Gid;
        uint mode = st.Mode;
        IReadOnlyList<Xattr> xattrs = _options.NoXattrs || _canonicalize ? [] : PosixFile.ReadXattrs(path);
        if (_canonicalize)
        {
            (uid, gid, mode) = (0, 0, mode & (StatMode.Directory | 0x1ED));
        }

        return new DirMeta(uid, gid, mode, xattrs);
    }

    private void HashFiles(BlockingCollection<FileNode> files)
    {
        var parallelism = _options.Parallelism ?? Environment.ProcessorCount;
        Parallel.ForEach(
            // No buffering: a worker takes one file at a time as the walk finds them, instead of waiting for a chunk.
            Partitioner.Create(files.GetConsumingEnumerable(), EnumerablePartitionerOptions.NoBuffering),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism) },
            file =>
            {
                try
                {
                    file.Checksum = CommitFile(file.Path);
                }
                catch
                {
                    // Never leave a half-fed hash for the next file hashed on this thread.
                    t_hash?.Dispose();
                    t_hash = null;
                    throw;
                }
            });
    }

    private Checksum CommitFile(string path)
    {
        var st = PosixFile.Lstat(path);
        if (st.LinkCount > 1 && StatMode.IsRegular(st.Mode) && _hardLinks.TryGetValue((st.Device, st.Inode), out var known))
        {
            return known;
        }

        var uid = _options.OwnerUid ?? st.Uid;
        var gid = _options.OwnerGid ?? st.Gid;
        uint mode = st.Mode;
        IReadOnlyList<Xattr> xattrs = _options.NoXattrs || _canonicalize ? [] : PosixFile.ReadXattrs(path);
        if (_canonicalize)
        {
            uid = 0;
            gid = 0;
            if (StatMode.IsRegular(mode))
            {
                mode &= StatMode.Regular | 0x1ED;
            }
        }

        var hash = t_hash ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Checksum checksum;
        if (StatMode.IsSymbolicLink(mode))
        {
            var target = new FileInfo(path).LinkTarget ?? string.Empty;
            var header = new FileHeader(uid, gid, mode, target, xattrs);
            hash.AppendData(header.SerializeFramed());
            checksum = FileHeader.FinishHash(hash);
            _transaction.WriteContentTrusted(checksum, header, []);
            return checksum;
        }

        if (!StatMode.IsRegular(mode))
        {
            throw new OsTreeException($"Unsupported file type (mode 0{Convert.ToString(mode, 8)}) at {path}: only regular files, symbolic links and directories can be committed.");
        }

        var fileHeader = new FileHeader(uid, gid, mode, string.Empty, xattrs);
        hash.AppendData(fileHeader.SerializeFramed());
        var size = (long)st.Size;
        using (var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            if (size <= InMemoryLimit)
            {
                var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Max(size, 1));
                try
                {
                    var data = buffer.AsSpan(0, ReadAll(handle, buffer.AsSpan(0, (int)size), path));
                    hash.AppendData(data);
                    checksum = FileHeader.FinishHash(hash);
                    _transaction.WriteContentTrusted(checksum, fileHeader, data);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
            else
            {
                var buffer = ArrayPool<byte>.Shared.Rent(1024 * 1024);
                try
                {
                    long offset = 0;
                    int n;
                    while ((n = RandomAccess.Read(handle, buffer, offset)) > 0)
                    {
                        hash.AppendData(buffer, 0, n);
                        offset += n;
                    }

                    if (offset != size)
                    {
                        throw new IOException($"{path} changed size while being committed.");
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }

                checksum = FileHeader.FinishHash(hash);
                _transaction.WriteContentTrusted(checksum, fileHeader, path, size);
            }
        }

        if (st.LinkCount > 1)
        {
            _hardLinks.TryAdd((st.Device, st.Inode), checksum);
        }

        return checksum;
    }

    private static int ReadAll(SafeFileHandle handle, Span<byte> buffer, string path)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = RandomAccess.Read(handle, buffer[total..], total);
            if (n == 0)
            {
                throw new IOException($"{path} changed size while being committed.");
            }

            total += n;
        }

        return total;
    }

    private (Checksum Tree, Checksum Meta) WriteDirectories(DirectoryNode node)
    {
        var subdirectories = new List<DirTreeDirectory>(node.Directories.Count);
        foreach (var (name, child) in node.Directories)
        {
            var (tree, meta) = WriteDirectories(child);
            subdirectories.Add(new DirTreeDirectory(name, tree, meta));
        }

        var dirTree = new DirTree(node.Files.Select(f => new DirTreeFile(f.Name, f.Checksum)), subdirectories);
        var treeBytes = dirTree.Serialize();
        var treeChecksum = Checksum.Compute(treeBytes);
        _transaction.WriteMetadataTrusted(ObjectType.DirTree, treeChecksum, treeBytes);
        var metaBytes = node.Meta.Serialize();
        var metaChecksum = Checksum.Compute(metaBytes);
        _transaction.WriteMetadataTrusted(ObjectType.DirMeta, metaChecksum, metaBytes);
        return (treeChecksum, metaChecksum);
    }

    private sealed class DirectoryNode(string path, DirMeta meta)
    {
        public string Path { get; } = path;

        public DirMeta Meta { get; } = meta;

        public List<FileNode> Files { get; } = [];

        public List<(string Name, DirectoryNode Node)> Directories { get; } = [];
    }

    private sealed class FileNode(string name, string path)
    {
        public string Name { get; } = name;

        public string Path { get; } = path;

        public Checksum Checksum { get; set; }
    }
}
