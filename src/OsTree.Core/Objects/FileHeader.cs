using System.Buffers.Binary;
using System.Security.Cryptography;
using OsTree.GVariant;

namespace OsTree.Objects;

/// <summary>
/// The metadata of a content object (regular file or symbolic link): owner, mode, symlink target and xattrs. Its
/// serialized form <c>(uuuusa(ayay))</c>, framed, followed by the file's data, is what a content checksum hashes.
/// </summary>
/// <remarks>
/// libostree byte-swaps uid, gid, mode and rdev to big-endian inside the GVariant; this type holds the natural
/// values and swaps when it serializes. Content checksum = sha256(BE u32 header length, 4 zero bytes, header,
/// data), with no data for a symbolic link.
/// </remarks>
public sealed class FileHeader : IEquatable<FileHeader>
{
    internal static readonly GVariantType Type = GVariantType.Parse("(uuuusa(ayay))");
    internal static readonly GVariantType ArchiveType = GVariantType.Parse("(tuuuusa(ayay))");
    internal static readonly GVariantType MetadataType = GVariantType.Parse("(uuua(ayay))");

    /// <summary>Creates a header.</summary>
    /// <param name="uid">The owner.</param>
    /// <param name="gid">The group.</param>
    /// <param name="mode">The full <c>st_mode</c>: <c>S_IFREG</c> or <c>S_IFLNK</c> plus permission bits.</param>
    /// <param name="symbolicLinkTarget">The target of a symbolic link; empty for a regular file.</param>
    /// <param name="xattrs">The xattrs, in the order they are to be stored (see <see cref="Xattr.Sort"/>).</param>
    /// <exception cref="ArgumentException">The mode is neither a regular file nor a symbolic link, or the target does not fit it.</exception>
    public FileHeader(uint uid, uint gid, uint mode, string symbolicLinkTarget, IReadOnlyList<Xattr>? xattrs = null)
        : this(uid, gid, mode, 0, symbolicLinkTarget, xattrs ?? [], validate: true)
    {
    }

    private FileHeader(uint uid, uint gid, uint mode, uint rdev, string target, IReadOnlyList<Xattr> xattrs, bool validate)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (validate)
        {
            var problem = Validate(mode, target);
            if (problem is not null)
            {
                throw new ArgumentException(problem, nameof(mode));
            }
        }

        Uid = uid;
        Gid = gid;
        Mode = mode;
        Rdev = rdev;
        SymbolicLinkTarget = target;
        Xattrs = xattrs;
    }

    /// <summary>The owner.</summary>
    public uint Uid { get; }

    /// <summary>The group.</summary>
    public uint Gid { get; }

    /// <summary>The full <c>st_mode</c>, type bits included (<c>0100644</c>, <c>0120777</c>).</summary>
    public uint Mode { get; }

    /// <summary>The device number; always 0 in objects libostree writes.</summary>
    public uint Rdev { get; }

    /// <summary>The target of a symbolic link; empty for a regular file.</summary>
    public string SymbolicLinkTarget { get; }

    /// <summary>The xattrs, in stored order.</summary>
    public IReadOnlyList<Xattr> Xattrs { get; }

    /// <summary>Whether this describes a regular file.</summary>
    public bool IsRegularFile => StatMode.IsRegular(Mode);

    /// <summary>Whether this describes a symbolic link.</summary>
    public bool IsSymbolicLink => StatMode.IsSymbolicLink(Mode);

    /// <summary>A regular file's header.</summary>
    /// <param name="uid">The owner.</param>
    /// <param name="gid">The group.</param>
    /// <param name="permissions">The permission bits (<c>07777</c> at most).</param>
    /// <param name="xattrs">The xattrs, in stored order.</param>
    /// <returns>The header.</returns>
    public static FileHeader ForRegularFile(uint uid, uint gid, uint permissions, IReadOnlyList<Xattr>? xattrs = null)
        => new(uid, gid, StatMode.Regular | (permissions & StatMode.PermissionMask), string.Empty, xattrs);

    /// <summary>A symbolic link's header (mode <c>0120777</c>).</summary>
    /// <param name="uid">The owner.</param>
    /// <param name="gid">The group.</param>
    /// <param name="target">The link's target.</param>
    /// <param name="xattrs">The xattrs, in stored order.</param>
    /// <returns>The header.</returns>
    public static FileHeader ForSymbolicLink(uint uid, uint gid, string target, IReadOnlyList<Xattr>? xattrs = null)
        => new(uid, gid, StatMode.SymbolicLink | 0x1FF, target, xattrs);

    /// <summary>The same header with other owner, mode or xattrs.</summary>
    /// <param name="uid">The new owner, or <see langword="null"/> to keep it.</param>
    /// <param name="gid">The new group, or <see langword="null"/> to keep it.</param>
    /// <param name="mode">The new mode, or <see langword="null"/> to keep it.</param>
    /// <param name="xattrs">The new xattrs, or <see langword="null"/> to keep them.</param>
    /// <returns>The new header.</returns>
    public FileHeader With(uint? uid = null, uint? gid = null, uint? mode = null, IReadOnlyList<Xattr>? xattrs = null)
        => new(uid ?? Uid, gid ?? Gid, mode ?? Mode, Rdev, SymbolicLinkTarget, xattrs ?? Xattrs, validate: true);

    private static string? Validate(uint mode, string target)
    {
        if (!StatMode.HasOnlyKnownBits(mode))
        {
            return $"Invalid file mode 0{Convert.ToString(mode, 8)}.";
        }

        if (StatMode.IsRegular(mode))
        {
            return target.Length == 0 ? null : "A regular file has no symbolic link target.";
        }

        if (StatMode.IsSymbolicLink(mode))
        {
            return target.Length == 0 ? "A symbolic link needs a target."
                : target.Contains('\0', StringComparison.Ordinal) ? "A symbolic link target cannot contain a NUL." : null;
        }

        return $"Mode 0{Convert.ToString(mode, 8)} is neither a regular file nor a symbolic link.";
    }

    /// <summary>Serializes the header as <c>(uuuusa(ayay))</c>.</summary>
    /// <returns>The bytes.</returns>
    public byte[] Serialize()
    {
        using var writer = new GVariantWriter(Type);
        writer.BeginTuple();
        WriteFields(writer);
        writer.EndTuple();
        return writer.ToArray();
    }

    private void WriteFields(GVariantWriter writer)
    {
        writer.WriteUInt32(BinaryPrimitives.ReverseEndianness(Uid));
        writer.WriteUInt32(BinaryPrimitives.ReverseEndianness(Gid));
        writer.WriteUInt32(BinaryPrimitives.ReverseEndianness(Mode));
        writer.WriteUInt32(BinaryPrimitives.ReverseEndianness(Rdev));
        writer.WriteString(SymbolicLinkTarget);
        XattrList.Write(writer, Xattrs);
    }

    /// <summary>Serializes the header framed as the content checksum hashes it: BE u32 length, 4 zero bytes, header.</summary>
    /// <returns>The bytes.</returns>
    public byte[] SerializeFramed()
    {
        using var writer = new GVariantWriter(Type);
        writer.BeginTuple();
        WriteFields(writer);
        writer.EndTuple();
        return Frame(writer.WrittenSpan);
    }

    /// <summary>
    /// Serializes the framed archive header that starts a <c>.filez</c> object: BE u32 length, 4 zero bytes,
    /// <c>(tuuuusa(ayay))</c> with the uncompressed size first (big-endian).
    /// </summary>
    /// <param name="size">The uncompressed size of the data (0 for a symbolic link).</param>
    /// <returns>The bytes, to be followed by the raw-deflated data.</returns>
    public byte[] SerializeArchiveFramed(ulong size)
    {
        using var writer = new GVariantWriter(ArchiveType);
        writer.BeginTuple();
        writer.WriteUInt64(BinaryPrimitives.ReverseEndianness(size));
        WriteFields(writer);
        writer.EndTuple();
        return Frame(writer.WrittenSpan);
    }

    /// <summary>
    /// Serializes the metadata as <c>(uuua(ayay))</c> (BE uid, gid, mode), the value of the <c>user.ostreemeta</c>
    /// xattr of <c>bare-user</c> objects.
    /// </summary>
    /// <returns>The bytes.</returns>
    public byte[] SerializeBareUserMetadata() => DirMeta.SerializeFields(Uid, Gid, Mode, Xattrs);

    private static byte[] Frame(ReadOnlySpan<byte> header)
    {
        var framed = new byte[8 + header.Length];
        BinaryPrimitives.WriteUInt32BigEndian(framed, (uint)header.Length);
        header.CopyTo(framed.AsSpan(8));
        return framed;
    }

    /// <summary>Parses and validates a <c>(uuuusa(ayay))</c> header.</summary>
    /// <param name="data">The header bytes (not framed).</param>
    /// <returns>The header.</returns>
    /// <exception cref="InvalidDataException">The bytes are malformed or describe something other than a file or link.</exception>
    public static FileHeader Parse(ReadOnlySpan<byte> data) => ReadFields(new GVariantReader(Type, data), 0);

    /// <summary>Parses a framed archive header at the start of a <c>.filez</c> object.</summary>
    /// <param name="data">The object's bytes (at least the header).</param>
    /// <param name="size">The uncompressed size of the data.</param>
    /// <param name="headerLength">The number of bytes the framed header takes; raw deflate data follows.</param>
    /// <returns>The header.</returns>
    /// <exception cref="InvalidDataException">The framing or header is malformed.</exception>
    public static FileHeader ParseArchiveFramed(ReadOnlySpan<byte> data, out ulong size, out int headerLength)
    {
        var header = Unframe(data, out headerLength);
        var reader = new GVariantReader(ArchiveType, header);
        size = BinaryPrimitives.ReverseEndianness(reader.GetChild(0).GetUInt64());
        var result = ReadFields(reader, 1);
        if (result.IsSymbolicLink && size != 0)
        {
            throw new InvalidDataException("An archived symbolic link has a nonzero size.");
        }

        return result;
    }

    /// <summary>Parses a framed header (BE u32 length, 4 zero bytes, <c>(uuuusa(ayay))</c>).</summary>
    /// <param name="data">The bytes, starting with the frame.</param>
    /// <param name="headerLength">The number of bytes the framed header takes.</param>
    /// <returns>The header.</returns>
    /// <exception cref="InvalidDataException">The framing or header is malformed.</exception>
    public static FileHeader ParseFramed(ReadOnlySpan<byte> data, out int headerLength)
        => Parse(Unframe(data, out headerLength));

    /// <summary>
    /// Builds a header from a <c>bare-user</c> object's <c>user.ostreemeta</c> xattr, <c>(uuua(ayay))</c>.
    /// </summary>
    /// <param name="metadata">The xattr's value.</param>
    /// <param name="symbolicLinkTarget">For a symbolic link, the target stored as the object's content; empty otherwise.</param>
    /// <returns>The header.</returns>
    /// <exception cref="InvalidDataException">The metadata is malformed.</exception>
    public static FileHeader ParseBareUserMetadata(ReadOnlySpan<byte> metadata, string symbolicLinkTarget)
    {
        ArgumentNullException.ThrowIfNull(symbolicLinkTarget);
        var (uid, gid, mode, xattrs) = DirMeta.ParseFields(metadata);
        var problem = Validate(mode, StatMode.IsSymbolicLink(mode) ? symbolicLinkTarget : string.Empty);
        if (problem is not null)
        {
            throw new InvalidDataException("user.ostreemeta: " + problem);
        }

        return new FileHeader(uid, gid, mode, 0, StatMode.IsSymbolicLink(mode) ? symbolicLinkTarget : string.Empty, xattrs, validate: false);
    }

    private static ReadOnlySpan<byte> Unframe(ReadOnlySpan<byte> data, out int headerLength)
    {
        if (data.Length < 8)
        {
            throw new InvalidDataException("A content object is too short for its header frame.");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(data);
        if (length > (uint)(data.Length - 8))
        {
            throw new InvalidDataException($"A content object's header length {length} exceeds its {data.Length} bytes.");
        }

        headerLength = 8 + (int)length;
        return data.Slice(8, (int)length);
    }

    private static FileHeader ReadFields(GVariantReader reader, int first)
    {
        var uid = BinaryPrimitives.ReverseEndianness(reader.GetChild(first).GetUInt32());
        var gid = BinaryPrimitives.ReverseEndianness(reader.GetChild(first + 1).GetUInt32());
        var mode = BinaryPrimitives.ReverseEndianness(reader.GetChild(first + 2).GetUInt32());
        var rdev = BinaryPrimitives.ReverseEndianness(reader.GetChild(first + 3).GetUInt32());
        var target = reader.GetChild(first + 4).GetString();
        var xattrs = XattrList.Read(reader.GetChild(first + 5));
        var problem = Validate(mode, target);
        if (problem is not null)
        {
            throw new InvalidDataException(problem);
        }

        return new FileHeader(uid, gid, mode, rdev, target, xattrs, validate: false);
    }

    /// <summary>Starts a content checksum: a SHA-256 that has consumed the framed header; append the data, then finish.</summary>
    /// <returns>A hash to feed with the file's data (nothing for a symbolic link).</returns>
    public IncrementalHash CreateContentHash()
    {
        var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(SerializeFramed());
        return hash;
    }

    /// <summary>The content checksum of this header with the given data: the object's name.</summary>
    /// <param name="data">The file's data; empty for a symbolic link.</param>
    /// <returns>The checksum.</returns>
    public Checksum ComputeContentChecksum(ReadOnlySpan<byte> data)
    {
        using var hash = CreateContentHash();
        hash.AppendData(data);
        return FinishHash(hash);
    }

    /// <summary>The content checksum of this header with data read from a stream to its end.</summary>
    /// <param name="data">The file's data.</param>
    /// <returns>The checksum.</returns>
    public Checksum ComputeContentChecksum(Stream data)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var hash = CreateContentHash();
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(128 * 1024);
        try
        {
            int n;
            while ((n = data.Read(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, n);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        return FinishHash(hash);
    }

    internal static Checksum FinishHash(IncrementalHash hash)
    {
        Span<byte> digest = stackalloc byte[Checksum.ByteLength];
        hash.GetHashAndReset(digest);
        return new Checksum(digest);
    }

    /// <inheritdoc/>
    public bool Equals(FileHeader? other)
        => other is not null && Uid == other.Uid && Gid == other.Gid && Mode == other.Mode && Rdev == other.Rdev
            && string.Equals(SymbolicLinkTarget, other.SymbolicLinkTarget, StringComparison.Ordinal)
            && XattrList.SequenceEqual(Xattrs, other.Xattrs);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as FileHeader);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Uid, Gid, Mode, SymbolicLinkTarget.Length, Xattrs.Count);

    /// <summary>A short description.</summary>
    /// <returns>Owner, mode and target.</returns>
    public override string ToString()
        => $"{Uid}:{Gid} 0{Convert.ToString(Mode, 8)}{(IsSymbolicLink ? " -> " + SymbolicLinkTarget : string.Empty)} ({Xattrs.Count} xattrs)";
}
