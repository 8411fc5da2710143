using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;
using OsTree.Objects;

namespace OsTree.Repositories;

/// <summary>
/// A batch of object writes done as libostree does: under a shared lock on <c>.lock</c>, objects are written into
/// <c>tmp/staging-&lt;boot id&gt;-&lt;random&gt;/XX/</c>; <see cref="Commit"/> syncs the filesystem, renames each object
/// into <c>objects/XX/</c> (an object already there is kept) and syncs the directories. A crash or an abort never
/// leaves a partial object under its final name. Every object's checksum is computed here, never trusted.
/// </summary>
/// <remarks>Writes may come from several threads at once.</remarks>
public sealed class RepositoryTransaction : IDisposable
{
    private readonly Repository _repository;
    private readonly ContentStore _store;
    private readonly RepositoryLock _lock;
    // Staged objects; an object's staging path follows from its id (StagingPath).
    private readonly ConcurrentDictionary<ObjectId, byte> _staged = new();

    // The staging directories XX/, open, by the checksum's first byte: content objects are created and named
    // relative to them, without looking their long paths up for every object.
    private readonly SafeFileHandle?[] _stagingDirectories = new SafeFileHandle?[256];
    private readonly string?[] _stagingDirectoryPaths = new string?[256];
    private readonly SafeFileHandle _objectsDirectory;
    private readonly string _stagingPath;
    private readonly string _stagingLockPath;
    private readonly Microsoft.Win32.SafeHandles.SafeFileHandle _stagingLock;
    private bool _done;

    internal RepositoryTransaction(Repository repository)
    {
        _repository = repository;
        _store = ContentStore.For(repository.Mode, repository.CompressionLevel, repository.ArchiveCompression);
        _lock = repository.Lock(exclusive: false);
        try
        {
            var name = $"staging-{PosixFile.BootId()}-{RandomSuffix()}";
            _stagingPath = repository.TmpPath + "/" + name;
            _stagingLockPath = _stagingPath + "-lock";
            Directory.CreateDirectory(repository.TmpPath);
            // An OFD lock, as libglnx's glnx_make_lock_file takes: libostree reuses any staging directory whose lock it
            // can take, so a flock (which does not conflict with OFD locks) would let it write into ours.
            _stagingLock = RepositoryLock.CreateLockedFile(_stagingLockPath);
            Directory.CreateDirectory(_stagingPath);
            _objectsDirectory = PosixFile.OpenDirectory(repository.ObjectsPath);
        }
        catch
        {
            (_stagingLock as IDisposable)?.Dispose();
            _lock.Dispose();
            throw;
        }
    }

    /// <summary>The repository being written.</summary>
    public Repository Repository => _repository;

    /// <summary>The number of new objects staged so far.</summary>
    public int StagedObjectCount => _staged.Count;

    /// <summary>Whether the object is in the repository or already staged in this transaction.</summary>
    /// <param name="checksum">The object's name.</param>
    /// <param name="type">Its type.</param>
    /// <returns><see langword="true"/> if present.</returns>
    public bool HasObject(Checksum checksum, ObjectType type)
    {
        if (_staged.ContainsKey(new ObjectId(checksum, type)))
        {
            return true;
        }

        // What Repository.HasObject answers, looked up relative to objects/ with no path string built.
        Span<byte> name = stackalloc byte[ObjectName.MaxNativeNameLength];
        ObjectName.WriteNativeName(name, checksum, type, _repository.Mode, inPrefixDirectory: false);
        return PosixFile.ExistsAt(_objectsDirectory, name);
    }

    /// <summary>Stores a metadata object (dirtree, dirmeta, commit, tombstone), validating it first.</summary>
    /// <param name="type">The object type.</param>
    /// <param name="bytes">The serialized object.</param>
    /// <param name="expected">The name the object must have (for objects fetched from elsewhere), or <see langword="null"/>.</param>
    /// <returns>The object's checksum.</returns>
    /// <exception cref="InvalidDataException">The bytes do not parse as <paramref name="type"/>.</exception>
    /// <exception cref="CorruptObjectException">The bytes hash to another name than <paramref name="expected"/>.</exception>
    public Checksum WriteMetadata(ObjectType type, ReadOnlySpan<byte> bytes, Checksum? expected = null)
    {
        ThrowIfDone();
        if (bytes.Length > Repository.MaxMetadataSize)
        {
            throw new InvalidDataException($"A metadata object of {bytes.Length} bytes exceeds the {Repository.MaxMetadataSize}-byte limit.");
        }

        _ = type switch
        {
            ObjectType.DirTree => (object)DirTree.Parse(bytes),
            ObjectType.DirMeta => DirMeta.Parse(bytes),
            ObjectType.Commit => Objects.Commit.Parse(bytes),
            ObjectType.TombstoneCommit => TombstoneCommit.Parse(bytes),
            _ => throw new ArgumentException($"{type} is not a content-addressed metadata object.", nameof(type)),
        };
        var checksum = Checksum.Compute(bytes);
        if (expected is { } e && e != checksum)
        {
            throw new CorruptObjectException(e, type, checksum);
        }

        WriteMetadataTrusted(type, checksum, bytes);
        return checksum;
    }

    /// <summary>Stores (or replaces) a commit's detached metadata, which is named after the commit, not hashed.</summary>
    /// <param name="commit">The commit it belongs to.</param>
    /// <param name="metadata">The detached metadata.</param>
    public void WriteCommitMeta(Checksum commit, CommitMeta metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ThrowIfDone();
        var bytes = metadata.Serialize();
        var id = new ObjectId(commit, ObjectType.CommitMeta);
        var path = StagingPathFor(id);
        File.Delete(path);
        using (var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write))
        {
            RandomAccess.Write(handle, bytes, 0);
        }

        _staged[id] = 0;
    }

    /// <summary>Stores a content object from a header and its data, hashing as it writes.</summary>
    /// <param name="header">The file's metadata.</param>
    /// <param name="data">The data (ignored for a symbolic link; may be null then).</param>
    /// <param name="length">The number of bytes <paramref name="data"/> will yield.</param>
    /// <param name="expected">The name the object must have, or <see langword="null"/>.</param>
    /// <returns>The object's checksum.</returns>
    /// <exception cref="CorruptObjectException">The content hashes to another name than <paramref name="expected"/>.</exception>
    /// <exception cref="InvalidDataException">The data is shorter than <paramref name="length"/>, or the header cannot be stored in this mode.</exception>
    public Checksum WriteContent(FileHeader header, Stream? data, long length, Checksum? expected = null)
    {
        ArgumentNullException.ThrowIfNull(header);
        ThrowIfDone();
        if (header.IsSymbolicLink)
        {
            var linkChecksum = header.ComputeContentChecksum([]);
            if (expected is { } e && e != linkChecksum)
            {
                throw new CorruptObjectException(e, ObjectType.File, linkChecksum);
            }

            WriteContentTrusted(linkChecksum, header, []);
            return linkChecksum;
        }

        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(length);

        // Stream into an unnamed file while hashing, then give it its name (or drop it if the object exists).
        using var hash = header.CreateContentHash();
        using var file = StagedObjectFile.Create(_stagingPath);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(256 * 1024);
        try
        {
            Checksum checksum;
            using (var sink = _store.CreateRegular(file.Handle, _stagingPath, header, length))
            {
                long total = 0;
                while (total < length)
                {
                    var n = data.Read(buffer, 0, (int)Math.Min(buffer.Length, length - total));
                    if (n == 0)
                    {
                        throw new InvalidDataException($"Content ended after {total} of {length} bytes.");
                    }

                    hash.AppendData(buffer, 0, n);
                    sink.Write(buffer.AsSpan(0, n));
                    total += n;
                }

                checksum = FileHeader.FinishHash(hash);
                if (expected is { } e && e != checksum)
                {
                    throw new CorruptObjectException(e, ObjectType.File, checksum);
                }

                _store.Validate(header, checksum);
                sink.Complete();
            }

            Publish(new ObjectId(checksum, ObjectType.File), file);
            return checksum;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Stores a content object whose checksum the caller has just computed from these very bytes.</summary>
    internal void WriteContentTrusted(Checksum checksum, FileHeader header, ReadOnlySpan<byte> data)
    {
        var id = new ObjectId(checksum, ObjectType.File);
        if (HasObject(checksum, ObjectType.File))
        {
            return;
        }

        _store.Validate(header, checksum);
        var final = StagingPathFor(id);
        if (header.IsSymbolicLink && !_store.StoresSymbolicLinksAsFiles)
        {
            var temp = TemporaryPathNextTo(final);
            try
            {
                _store.CreateSymbolicLink(temp, header);
                if (PosixFile.RenameNoReplace(temp, final))
                {
                    _staged[id] = 0;
                }
            }
            finally
            {
                if (PosixFile.Exists(temp))
                {
                    File.Delete(temp);
                }
            }

            return;
        }

        using var file = StagedObjectFile.Create(StagingDirectory(checksum), StagingDirectoryPath(checksum));
        if (header.IsSymbolicLink)
        {
            _store.WriteSymbolicLink(file.Handle, final, header);
        }
        else
        {
            using var sink = _store.CreateRegular(file.Handle, final, header, data.Length);
            sink.Write(data);
            sink.Complete();
        }

        Publish(id, file);
    }

    /// <summary>
    /// Starts a regular file's content object that the caller writes as its data arrives, hashing it, and publishes
    /// once the checksum matched <paramref name="checksum"/> (objects received from elsewhere).
    /// </summary>
    /// <param name="checksum">The name the object must turn out to have.</param>
    /// <param name="header">Its metadata (a regular file).</param>
    /// <param name="length">The number of data bytes that will be written.</param>
    /// <param name="abandoned">Called when the writer is disposed without publishing.</param>
    /// <exception cref="InvalidDataException">The header cannot be stored in this mode.</exception>
    internal StagedContentWriter BeginContentTrusted(Checksum checksum, FileHeader header, long length, Action? abandoned = null)
    {
        ThrowIfDone();
        _store.Validate(header, checksum);
        var id = new ObjectId(checksum, ObjectType.File);
        var final = StagingPathFor(id);
        var file = StagedObjectFile.Create(StagingDirectory(checksum), StagingDirectoryPath(checksum));
        try
        {
            return new StagedContentWriter(this, id, file, _store.CreateRegular(file.Handle, final, header, length), abandoned);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Stores a content object from a file the caller hashed (streaming large files a second time).</summary>
    internal void WriteContentTrusted(Checksum checksum, FileHeader header, string sourcePath, long length)
    {
        if (HasObject(checksum, ObjectType.File))
        {
            return;
        }

        _store.Validate(header, checksum);
        var id = new ObjectId(checksum, ObjectType.File);
        var final = StagingPathFor(id);
        using var file = StagedObjectFile.Create(StagingDirectory(checksum), StagingDirectoryPath(checksum));
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1024 * 1024);
        try
        {
            using (var source = new FileStream(sourcePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan))
            using (var sink = _store.CreateRegular(file.Handle, final, header, length))
            {
                long total = 0;
                int n;
                while (total < length && (n = source.Read(buffer, 0, (int)Math.Min(buffer.Length, length - total))) > 0)
                {
                    sink.Write(buffer.AsSpan(0, n));
                    total += n;
                }

                if (total != length)
                {
                    throw new IOException($"{sourcePath} changed size while being committed.");
                }

                sink.Complete();
            }

            Publish(id, file);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    internal void WriteMetadataTrusted(ObjectType type, Checksum checksum, ReadOnlySpan<byte> bytes)
    {
        ThrowIfDone();
        var id = new ObjectId(checksum, type);
        if (HasObject(checksum, type))
        {
            return;
        }

        var path = StagingPathFor(id);
        try
        {
            using var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            RandomAccess.Write(handle, bytes, 0);
        }
        catch (IOException) when (_staged.ContainsKey(id))
        {
            // Another thread staged the same object first.
            return;
        }

        _staged[id] = 0;
    }

    /// <summary>Gives a complete, verified object its staging name (unless another writer staged it first).</summary>
    internal void Publish(ObjectId id, StagedObjectFile file)
    {
        var directory = StagingDirectory(id.Checksum);
        Span<byte> name = stackalloc byte[ObjectName.MaxNativeNameLength];
        ObjectName.WriteNativeName(name, id.Checksum, id.Type, _repository.Mode, inPrefixDirectory: true);
        if (file.TryPublish(directory, name, StagingDirectoryPath(id.Checksum)))
        {
            _staged[id] = 0;
        }
    }

    /// <summary>The open staging directory of the objects whose checksum starts like <paramref name="checksum"/>'s, made on first use.</summary>
    private SafeFileHandle StagingDirectory(Checksum checksum)
    {
        var index = FirstByte(checksum);
        if (Volatile.Read(ref _stagingDirectories[index]) is { } open)
        {
            return open;
        }

        var path = StagingDirectoryPath(checksum);
        Directory.CreateDirectory(path);
        var handle = PosixFile.OpenDirectory(path);
        if (Interlocked.CompareExchange(ref _stagingDirectories[index], handle, null) is { } raced)
        {
            handle.Dispose();
            return raced;
        }

        return handle;
    }

    /// <summary>The path of the staging directory <c>XX/</c> of <paramref name="checksum"/>, made once per prefix.</summary>
    private string StagingDirectoryPath(Checksum checksum)
    {
        var index = FirstByte(checksum);
        return Volatile.Read(ref _stagingDirectoryPaths[index]) ?? (_stagingDirectoryPaths[index] = $"{_stagingPath}/{index:x2}");
    }

    private static byte FirstByte(Checksum checksum)
    {
        Span<byte> bytes = stackalloc byte[Checksum.ByteLength];
        checksum.CopyTo(bytes);
        return bytes[0];
    }

    /// <summary>
    /// A temporary name beside <paramref name="final"/>, for the objects that cannot be written as an unnamed file
    /// (symbolic links in bare modes). The leading dot keeps it from ever looking like an object.
    /// </summary>
    private static string TemporaryPathNextTo(string final)
        => $"{final[..(final.LastIndexOf('/') + 1)]}.tmp-{RandomSuffix()}{RandomSuffix()}";

    /// <summary>The staging path of an object, its directory made if needed.</summary>
    private string StagingPathFor(ObjectId id)
    {
        _ = StagingDirectory(id.Checksum);
        return StagingPath(id);
    }

    private string StagingPath(ObjectId id)
    {
        var ext = ObjectName.GetExtension(id.Type, _repository.Mode);
        return string.Create(_stagingPath.Length + 1 + Checksum.HexLength + 2 + ext.Length, (_stagingPath, id.Checksum, ext), static (span, s) =>
        {
            s._stagingPath.CopyTo(span);
            span[s._stagingPath.Length] = '/';
            var name = span[(s._stagingPath.Length + 1)..];
            s.Checksum.WriteHex(name[1..]);
            name[0] = name[1];
            name[1] = name[2];
            name[2] = '/';
            name[Checksum.HexLength + 1] = '.';
            s.ext.CopyTo(name[(Checksum.HexLength + 2)..]);
        });
    }

    /// <summary>
    /// Publishes every staged object: syncs the filesystem (unless <c>core.fsync=false</c>), renames the objects into
    /// <c>objects/</c> and syncs the touched directories. The transaction is finished afterwards.
    /// </summary>
    public void Commit()
    {
        ThrowIfDone();
        var sync = _repository.SyncWrites;
        if (sync && !_staged.IsEmpty)
        {
            PosixFile.SyncFilesystem(_stagingPath);
        }

        // Two rounds: everything else, then the commit objects, each round's directories synced before the next, so
        // that even a filesystem that reorders renames never makes a commit durable before the objects it reaches.
        var commitPrefixes = _staged.Keys.Where(id => id.Type == ObjectType.Commit).Select(PrefixOf).ToHashSet(StringComparer.Ordinal);
        foreach (var commits in new[] { false, true })
        {
            var touched = new HashSet<string>(StringComparer.Ordinal);
            foreach (var group in _staged.Where(kv => (kv.Key.Type == ObjectType.Commit) == commits).GroupBy(kv => PrefixOf(kv.Key), StringComparer.Ordinal))
            {
                var dir = _repository.ObjectsPath + "/" + group.Key;
                if (!commits && !commitPrefixes.Contains(group.Key) && TryMoveWholeDirectory(group.Key, group.Count()))
                {
                    touched.Add(dir);
                    continue;
                }

                if (touched.Add(dir))
                {
                    Directory.CreateDirectory(dir);
                }

                foreach (var (id, _) in group)
                {
                    var stagedPath = StagingPath(id);
                    var final = _repository.ObjectsPath + "/" + ObjectName.GetPathInObjects(id.Checksum, id.Type, _repository.Mode);
                    if (id.Type == ObjectType.CommitMeta)
                    {
                        File.Move(stagedPath, final, overwrite: true);
                    }
                    else
                    {
                        PosixFile.RenameNoReplace(stagedPath, final);
                    }
                }
            }

            if (sync && touched.Count > 0)
            {
                foreach (var dir in touched)
                {
                    PosixFile.FsyncDirectory(dir);
                }

                PosixFile.FsyncDirectory(_repository.ObjectsPath);
            }
        }

        _staged.Clear();
        Finish();
        RemoveExpiredTemporaryEntries(_repository);
    }

    /// <summary>
    /// What libostree does after each transaction: removes the entries of <c>tmp/</c> (staging directories and
    /// temporary files left by killed writers, ours or libostree's) older than <c>core.tmp-expiry-secs</c>, skipping
    /// a directory whose <c>NAME-lock</c> somebody holds and <c>tmp/cache</c>. Best effort: an entry that cannot be
    /// removed now is tried again after the next transaction.
    /// </summary>
    internal static void RemoveExpiredTemporaryEntries(Repository repository)
    {
        var cutoff = DateTime.UtcNow - repository.TmpExpiry;
        IEnumerable<string> entries;
        try
        {
            entries = Directory.EnumerateFileSystemEntries(repository.TmpPath).ToList();
        }
        catch (DirectoryNotFoundException)
        {
            return;
        }

        foreach (var entry in entries)
        {
            var name = entry[(entry.LastIndexOf('/') + 1)..];
            if (name == "cache" || !PosixFile.TryLstat(entry, out var st) || DateTimeOffset.FromUnixTimeSeconds(st.MtimeSeconds).UtcDateTime > cutoff)
            {
                continue;
            }

            try
            {
                if (StatMode.IsDirectory(st.Mode))
                {
                    // Taking the directory's lock proves nobody (libostree included) is writing into it.
                    using var held = RepositoryLock.TryLockFile(entry + "-lock");
                    if (held is null)
                    {
                        continue;
                    }

                    Directory.Delete(entry, recursive: true);
                    File.Delete(entry + "-lock");
                }
                else if (!name.EndsWith("-lock", StringComparison.Ordinal) || !PosixFile.Exists(entry[..^"-lock".Length]))
                {
                    File.Delete(entry);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>
    /// Publishes a whole staging directory <c>XX/</c> with one rename when the repository has no <c>objects/XX/</c> yet
    /// (a first commit or pull into a new repository): one directory operation instead of one per object. Only when
    /// the directory holds exactly the objects staged in it, so that nothing but a complete, staged object is ever
    /// published; otherwise, or when another writer made <c>objects/XX/</c> meanwhile, objects are renamed one by one.
    /// </summary>
    private bool TryMoveWholeDirectory(string prefix, int stagedCount)
    {
        var final = _repository.ObjectsPath + "/" + prefix;
        if (PosixFile.Exists(final))
        {
            return false;
        }

        var staging = _stagingPath + "/" + prefix;
        if (Directory.EnumerateFileSystemEntries(staging).Take(stagedCount + 1).Count() != stagedCount)
        {
            return false;
        }

        return PosixFile.RenameNoReplace(staging, final);
    }

    private string PrefixOf(ObjectId id) => ObjectName.GetPathInObjects(id.Checksum, id.Type, _repository.Mode)[..2];

    /// <summary>Abandons the transaction if it was not committed: staged objects are deleted.</summary>
    public void Dispose()
    {
        if (!_done)
        {
            Finish();
        }
    }

    private void Finish()
    {
        _done = true;
        try
        {
            Directory.Delete(_stagingPath, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }

        foreach (var directory in _stagingDirectories)
        {
            directory?.Dispose();
        }

        _objectsDirectory.Dispose();

        // Unlinked before it is unlocked, so that nobody locks a file that is about to disappear.
        File.Delete(_stagingLockPath);
        _stagingLock.Dispose();
        _lock.Dispose();
    }

    private void ThrowIfDone() => ObjectDisposedException.ThrowIf(_done, this);

    private static string RandomSuffix()
    {
        Span<byte> bytes = stackalloc byte[4];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToHexStringLower(bytes)[..6];
    }
}
