using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using OsTree.Internal.Interop;
using OsTree.Objects;
using OsTree.Repositories;

namespace OsTree.Checkout;

/// <summary>
/// The repository side of a checkout: metadata objects (read once; dirmeta cached), and for content objects the
/// few facts the hot path needs, from one <c>statx</c> of the loose object (plus its <c>user.ostreemeta</c> xattr in
/// <c>bare-user</c>), relative to an open handle on <c>objects/</c>.
/// </summary>
internal sealed unsafe class CheckoutSource : IDisposable
{
    private static ReadOnlySpan<byte> OstreeMetaXattr => "user.ostreemeta\0"u8;

    private readonly ConcurrentDictionary<Checksum, DirMeta> _dirMetas = new();
    private readonly byte[] _objectsPrefix;
    private readonly SafeDirectoryHandle _objects;
    private readonly Repository _repository;

    /// <summary>Opens the repository at <paramref name="repositoryPath"/>, which must be in <paramref name="mode"/>.</summary>
    public CheckoutSource(string repositoryPath, RepositoryMode mode)
        : this(Repository.Open(repositoryPath))
    {
        if (Mode != mode)
        {
            Dispose();
            throw new InvalidDataException($"{repositoryPath} is a {Repository.ModeToString(Mode)} repository, not {Repository.ModeToString(mode)}.");
        }
    }

    public CheckoutSource(Repository repository)
    {
        _repository = repository;
        RepositoryPath = Path.GetFullPath(repository.Path);
        Mode = repository.Mode;
        ObjectsPath = Path.Combine(RepositoryPath, "objects");
        _objects = SafeDirectoryHandle.Open(ObjectsPath);
        TargetIO.Stat(_objects, Interop.StatxBasicStats, out var stat, ObjectsPath);
        ObjectsDevice = stat.Device;
        _objectsPrefix = Encoding.UTF8.GetBytes(ObjectsPath + "/");
    }

    public string RepositoryPath { get; }

    public string ObjectsPath { get; }

    public RepositoryMode Mode { get; }

    /// <summary>The device of <c>objects/</c>: hard links into a target on another device cannot work.</summary>
    public ulong ObjectsDevice { get; }

    /// <summary>Whether content objects are plain files (every mode but archive).</summary>
    public bool StoresPlainFiles => Mode != RepositoryMode.Archive;

    public void Dispose() => _objects.Dispose();

    public Commit ReadCommit(in Checksum checksum) => _repository.ReadCommit(checksum);

    public DirTree ReadDirTree(in Checksum checksum) => _repository.ReadDirTree(checksum);

    /// <summary>A dirmeta, read once per checksum: most directories of a tree share a handful.</summary>
    public DirMeta ReadDirMeta(in Checksum checksum)
    {
        if (_dirMetas.TryGetValue(checksum, out var meta))
        {
            return meta;
        }

        meta = _repository.ReadDirMeta(checksum);
        return _dirMetas.GetOrAdd(checksum, meta);
    }

    /// <summary>
    /// The hot path for the bare modes: mode, owner and size of a content object, without the xattrs or a symbolic
    /// link's target. Returns the <c>errno</c> of a failed <c>statx</c>.
    /// </summary>
    [SkipLocalsInit]
    public Interop.Error TryStatObject(in Checksum checksum, ref FileFacts facts, out Interop.StatxBuffer stat)
    {
        Span<byte> path = stackalloc byte[NativeNames.ObjectPathBufferSize];
        NativeNames.WriteFileObjectPath(checksum, path);
        var error = TargetIO.TryStat(_objects, path, Interop.StatxType | Interop.StatxMode | Interop.StatxSize | Interop.StatxUid | Interop.StatxGid | Interop.StatxIno, out stat);
        if (error != 0)
        {
            return error;
        }

        facts.Size = (long)stat.Size;
        facts.Xattrs = [];
        facts.SymbolicLinkTarget = null;
        facts.HasFullHeader = false;
        switch (Mode)
        {
            case RepositoryMode.Bare:
                facts.Mode = stat.Mode;
                facts.Uid = stat.Uid;
                facts.Gid = stat.Gid;
                break;
            case RepositoryMode.BareUserOnly:
                facts.Mode = stat.Mode;
                facts.Uid = 0;
                facts.Gid = 0;
                break;
            case RepositoryMode.BareUser:
                ReadBareUserMode(checksum, ref facts);
                break;
            default:
                throw new InvalidOperationException("Archive objects are not plain files.");
        }

        if ((facts.Mode & 0xF000) == 0xA000)
        {
            facts.Size = 0;
        }

        return 0;
    }

    [SkipLocalsInit]
    private void ReadBareUserMode(in Checksum checksum, ref FileFacts facts)
    {
        // (uuua(ayay)): three big-endian u32 first, then the xattrs, which user mode does not need.
        Span<byte> value = stackalloc byte[512];
        var length = GetObjectXattr(checksum, OstreeMetaXattr, value, out var heap);
        ReadOnlySpan<byte> meta = heap ?? value[..length];
        if (meta.Length < 12)
        {
            throw new InvalidDataException($"The bare-user object {checksum} has a {meta.Length}-byte user.ostreemeta xattr; expected (uuua(ayay)).");
        }

        facts.Uid = BinaryPrimitives.ReadUInt32BigEndian(meta);
        facts.Gid = BinaryPrimitives.ReadUInt32BigEndian(meta[4..]);
        facts.Mode = BinaryPrimitives.ReadUInt32BigEndian(meta[8..]);
    }

    /// <summary>Reads an xattr of a loose object into <paramref name="buffer"/>, or into a new array when it does not fit.</summary>
    [SkipLocalsInit]
    private int GetObjectXattr(in Checksum checksum, ReadOnlySpan<byte> name, Span<byte> buffer, out byte[]? heap)
    {
        Span<byte> path = stackalloc byte[_objectsPrefix.Length + NativeNames.ObjectPathBufferSize];
        _objectsPrefix.CopyTo(path);
        NativeNames.WriteFileObjectPath(checksum, path[_objectsPrefix.Length..]);
        heap = null;
        fixed (byte* p = path)
        fixed (byte* n = name)
        {
            fixed (byte* b = buffer)
            {
                var got = Interop.Lgetxattr(p, n, b, (nuint)buffer.Length);
                if (got >= 0)
                {
                    return (int)got;
                }
            }

            var error = Interop.LastError();
            if (error == Interop.Error.ENODATA)
            {
                throw new InvalidDataException($"The object {checksum} has no {Encoding.ASCII.GetString(name[..^1])} xattr; is this really a bare-user repository?");
            }

            if (error != Interop.Error.ERANGE)
            {
                Interop.ThrowForError(error, "lgetxattr", Path.Combine(ObjectsPath, ObjectName.GetPathInObjects(checksum, ObjectType.File, Mode)));
            }

            var size = Interop.Lgetxattr(p, n, null, 0);
            Interop.CheckIo((long)size, "lgetxattr", ObjectsPath);
            heap = new byte[size];
            fixed (byte* h = heap)
            {
                size = Interop.Lgetxattr(p, n, h, (nuint)heap.Length);
            }

            Interop.CheckIo((long)size, "lgetxattr", ObjectsPath);
            heap = heap.AsSpan(0, (int)size).ToArray();
            return (int)size;
        }
    }

    /// <summary>
    /// Completes the facts <see cref="TryStatObject"/> gave for a regular file of a <c>bare</c> repository: its
    /// mode, owner and size are the object file's own, so only its xattrs are missing. What
    /// <see cref="LoadFullHeader"/> would read, without opening the object (a reflink or copy opens it anyway).
    /// </summary>
    [SkipLocalsInit]
    public void LoadBareXattrs(in Checksum checksum, ref FileFacts facts)
    {
        Span<byte> path = stackalloc byte[_objectsPrefix.Length + NativeNames.ObjectPathBufferSize];
        _objectsPrefix.CopyTo(path);
        NativeNames.WriteFileObjectPath(checksum, path[_objectsPrefix.Length..]);
        facts.Xattrs = ReadAllXattrs(path, ObjectsPath + "/" + ObjectName.GetPathInObjects(checksum, ObjectType.File, Mode));
        facts.HasFullHeader = true;
    }

    /// <summary>
    /// Completes <paramref name="facts"/> with the full header (xattrs, symbolic link target) read through the
    /// repository. For an archive object also returns the inflating stream of a regular file's content, which the
    /// caller disposes.
    /// </summary>
    public void LoadFullHeader(in Checksum checksum, ref FileFacts facts, out Stream? content)
    {
        content = null;
        var co = _repository.OpenContent(checksum);
        try
        {
            var header = co.Header;
            facts.Mode = header.Mode;
            facts.Uid = header.Uid;
            facts.Gid = header.Gid;
            facts.Xattrs = header.Xattrs;
            facts.SymbolicLinkTarget = header.SymbolicLinkTarget;
            facts.Size = header.IsSymbolicLink ? 0 : co.Size;
            facts.HasFullHeader = true;
            if (Mode == RepositoryMode.Archive && header.IsRegularFile)
            {
                content = co.Data;
                co = null;
            }
        }
        finally
        {
            co?.Dispose();
        }
    }

    /// <summary>All xattrs of the file at a NUL-terminated path, not following a final symbolic link, sorted by name.</summary>
    internal static IReadOnlyList<Xattr> ReadAllXattrs(ReadOnlySpan<byte> nativePath, string path)
    {
        fixed (byte* p = nativePath)
        {
            var size = Interop.Llistxattr(p, null, 0);
            if (size < 0 && Interop.LastError() is Interop.Error.EOPNOTSUPP)
            {
                return [];
            }

            Interop.CheckIo((long)size, "llistxattr", path);
            if (size == 0)
            {
                return [];
            }

            var names = new byte[size];
            fixed (byte* n = names)
            {
                size = Interop.Llistxattr(p, n, (nuint)names.Length);
            }

            Interop.CheckIo((long)size, "llistxattr", path);
            var list = new List<Xattr>();
            foreach (var range in names.AsSpan(0, (int)size).Split((byte)0))
            {
                var name = names.AsSpan(0, (int)size)[range];
                if (name.IsEmpty)
                {
                    continue;
                }

                var terminated = new byte[name.Length + 1];
                name.CopyTo(terminated);
                fixed (byte* t = terminated)
                {
                    var valueSize = Interop.Lgetxattr(p, t, null, 0);
                    Interop.CheckIo((long)valueSize, "lgetxattr", path);
                    var value = new byte[valueSize];
                    fixed (byte* v = value)
                    {
                        valueSize = Interop.Lgetxattr(p, t, v, (nuint)value.Length);
                    }

                    Interop.CheckIo((long)valueSize, "lgetxattr", path);
                    list.Add(new Xattr(name, value.AsSpan(0, (int)valueSize)));
                }
            }

            return Xattr.Sort(list);
        }
    }

    [SkipLocalsInit]
    public SafeFileHandle? OpenObjectFile(in Checksum checksum)
    {
        if (!StoresPlainFiles)
        {
            return null;
        }

        Span<byte> path = stackalloc byte[NativeNames.ObjectPathBufferSize];
        NativeNames.WriteFileObjectPath(checksum, path);
        var file = TargetIO.TryOpenRead(_objects, path, out var error);
        if (file is null)
        {
            ThrowMissing(checksum, error);
        }

        return file;
    }

    [SkipLocalsInit]
    public Interop.Error TryLinkObject(in Checksum checksum, SafeDirectoryHandle directory, ReadOnlySpan<byte> name)
    {
        Span<byte> path = stackalloc byte[NativeNames.ObjectPathBufferSize];
        NativeNames.WriteFileObjectPath(checksum, path);
        return TargetIO.TryLink(_objects, path, directory, name);
    }

    [SkipLocalsInit]
    public Interop.Error TryStatObjectInode(in Checksum checksum, out Interop.StatxBuffer stat)
    {
        Span<byte> path = stackalloc byte[NativeNames.ObjectPathBufferSize];
        NativeNames.WriteFileObjectPath(checksum, path);
        return TargetIO.TryStat(_objects, path, Interop.StatxBasicStats, out stat);
    }

    public void ThrowMissing(in Checksum checksum, Interop.Error error)
    {
        var path = Path.Combine(ObjectsPath, ObjectName.GetPathInObjects(checksum, ObjectType.File, Mode));
        if (error == Interop.Error.ENOENT)
        {
            throw new ObjectNotFoundException(checksum, ObjectType.File);
        }

        Interop.ThrowForError(error, "statx", path);
    }
}
