using System.Buffers.Binary;
using OsTree.GVariant;

namespace OsTree.Objects;

/// <summary>
/// A directory's owner, mode and xattrs: the <c>.dirmeta</c> object <c>(uuua(ayay))</c>, with uid, gid and mode
/// stored big-endian. Its name is the sha256 of its bytes.
/// </summary>
public sealed class DirMeta : IEquatable<DirMeta>
{
    /// <summary>Creates a dirmeta.</summary>
    /// <param name="uid">The owner.</param>
    /// <param name="gid">The group.</param>
    /// <param name="mode">The full <c>st_mode</c>, <c>S_IFDIR</c> included (<c>040755</c>).</param>
    /// <param name="xattrs">The xattrs, in stored order (see <see cref="Xattr.Sort"/>).</param>
    /// <exception cref="ArgumentException">The mode is not a directory's.</exception>
    public DirMeta(uint uid, uint gid, uint mode, IReadOnlyList<Xattr>? xattrs = null)
    {
        var problem = Validate(mode);
        if (problem is not null)
        {
            throw new ArgumentException(problem, nameof(mode));
        }

        Uid = uid;
        Gid = gid;
        Mode = mode;
        Xattrs = xattrs ?? [];
    }

    /// <summary>The owner.</summary>
    public uint Uid { get; }

    /// <summary>The group.</summary>
    public uint Gid { get; }

    /// <summary>The full <c>st_mode</c>.</summary>
    public uint Mode { get; }

    /// <summary>The xattrs, in stored order.</summary>
    public IReadOnlyList<Xattr> Xattrs { get; }

    private static string? Validate(uint mode)
        => StatMode.IsDirectory(mode) && StatMode.HasOnlyKnownBits(mode)
            ? null
            : $"Mode 0{Convert.ToString(mode, 8)} is not a directory's.";

    /// <summary>Serializes the dirmeta.</summary>
    /// <returns>The object's bytes.</returns>
    public byte[] Serialize() => SerializeFields(Uid, Gid, Mode, Xattrs);

    /// <summary>The object's name: the sha256 of its bytes.</summary>
    /// <returns>The checksum.</returns>
    public Checksum ComputeChecksum() => Checksum.Compute(Serialize());

    /// <summary>Parses and validates a <c>.dirmeta</c> object.</summary>
    /// <param name="data">The object's bytes.</param>
    /// <returns>The dirmeta.</returns>
    /// <exception cref="InvalidDataException">The bytes are malformed or the mode is not a directory's.</exception>
    public static DirMeta Parse(ReadOnlySpan<byte> data)
    {
        var (uid, gid, mode, xattrs) = ParseFields(data);
        var problem = Validate(mode);
        return problem is null ? new DirMeta(uid, gid, mode, xattrs) : throw new InvalidDataException(problem);
    }

    internal static byte[] SerializeFields(uint uid, uint gid, uint mode, IReadOnlyList<Xattr> xattrs)
    {
        using var writer = new GVariantWriter(FileHeader.MetadataType);
        writer.BeginTuple();
        writer.WriteUInt32(BinaryPrimitives.ReverseEndianness(uid));
        writer.WriteUInt32(BinaryPrimitives.ReverseEndianness(gid));
        writer.WriteUInt32(BinaryPrimitives.ReverseEndianness(mode));
        XattrList.Write(writer, xattrs);
        writer.EndTuple();
        return writer.ToArray();
    }

    internal static (uint Uid, uint Gid, uint Mode, IReadOnlyList<Xattr> Xattrs) ParseFields(ReadOnlySpan<byte> data)
    {
        var reader = new GVariantReader(FileHeader.MetadataType, data);
        return (
            BinaryPrimitives.ReverseEndianness(reader.GetChild(0).GetUInt32()),
            BinaryPrimitives.ReverseEndianness(reader.GetChild(1).GetUInt32()),
            BinaryPrimitives.ReverseEndianness(reader.GetChild(2).GetUInt32()),
            XattrList.Read(reader.GetChild(3)));
    }

    /// <inheritdoc/>
    public bool Equals(DirMeta? other)
        => other is not null && Uid == other.Uid && Gid == other.Gid && Mode == other.Mode && XattrList.SequenceEqual(Xattrs, other.Xattrs);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as DirMeta);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Uid, Gid, Mode, Xattrs.Count);

    /// <summary>A short description.</summary>
    /// <returns>Owner and mode.</returns>
    public override string ToString() => $"{Uid}:{Gid} 0{Convert.ToString(Mode, 8)} ({Xattrs.Count} xattrs)";
}
