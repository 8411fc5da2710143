using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace OsTree.Packaging.Rpm;

/// <summary>
/// An rpm header blob as the rpm database stores it (no 8-byte magic): <c>il</c>, <c>dl</c>, <c>il</c> index entries
/// of 16 bytes, then <c>dl</c> bytes of data, all big-endian. <see cref="Parse"/> makes every structural check rpm's
/// <c>hdrblobInit</c> makes before any value is read.
/// </summary>
public sealed class RpmHeader
{
    /// <summary>The 8 bytes rpm puts before a header in package files, and hashes in front of the immutable region.</summary>
    public static ReadOnlySpan<byte> Magic => [0x8e, 0xad, 0xe8, 0x01, 0x00, 0x00, 0x00, 0x00];

    private const int EntrySize = 16;
    private const uint MaxTags = 0x0000FFFF;
    private const uint MaxData = 0x0FFFFFFF;
    private const uint MaxArray = 0x000FFFFF;
    private const long MaxBytes = 256L * 1024 * 1024;

    private static readonly int[] TypeSizes = [0, 1, 1, 2, 4, 8, -1, 1, -1, -1];
    private static readonly int[] TypeAlign = [1, 1, 1, 2, 4, 8, 1, 1, 1, 1];

    // The blob is _blob[0.._length]; the index entries are decoded from it on demand, so that a header read for its
    // name and version allocates nothing per entry.
    private readonly byte[] _blob;
    private readonly int _length;
    private readonly int _entryCount;
    private readonly int _dataStart;
    private RpmHeaderEntry[]? _entries;

    private RpmHeader(byte[] blob, int length, int entryCount, int regionTag, int ril, int rdl)
    {
        _blob = blob;
        _length = length;
        _entryCount = entryCount;
        _dataStart = 8 + (EntrySize * entryCount);
        RegionTag = regionTag;
        RegionEntryCount = ril;
        RegionDataLength = rdl;
    }

    /// <summary>The index entries, in blob order.</summary>
    public IReadOnlyList<RpmHeaderEntry> Entries
    {
        get
        {
            if (_entries is null)
            {
                var entries = new RpmHeaderEntry[_entryCount];
                for (var i = 0; i < entries.Length; i++)
                {
                    entries[i] = ReadEntry(_blob, i);
                }

                _entries = entries;
            }

            return _entries;
        }
    }

    /// <summary>The region tag (63 for a main header's immutable region), or 0 for a legacy header without one.</summary>
    public int RegionTag { get; }

    /// <summary>The number of index entries inside the region (<c>ril</c>), the region entry included.</summary>
    public int RegionEntryCount { get; }

    /// <summary>The number of data bytes inside the region (<c>rdl</c>).</summary>
    public int RegionDataLength { get; }

    /// <summary>The blob's length in bytes.</summary>
    public int Length => _length;

    /// <summary>Parses and validates a header blob.</summary>
    /// <param name="blob">The blob, without the 8-byte magic.</param>
    /// <returns>The header.</returns>
    /// <exception cref="InvalidDataException">The blob fails one of rpm's structural checks; the message says which, in rpm's words.</exception>
    public static RpmHeader Parse(ReadOnlySpan<byte> blob) => ParseOwned(blob.ToArray());

    internal static RpmHeader ParseOwned(byte[] blob) => ParseIn(blob, blob.Length);

    /// <summary>
    /// Parses the blob held in <c>buffer[0..length]</c>. The header reads from <paramref name="buffer"/> for as long as
    /// it is used, so a caller that reuses the buffer for the next blob must be done with this header first.
    /// </summary>
    internal static RpmHeader ParseIn(byte[] buffer, int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)length, (uint)buffer.Length, nameof(length));
        var blob = buffer.AsSpan(0, length);
        if (blob.Length < 8)
        {
            throw new InvalidDataException("hdr length: BAD");
        }

        var il = BinaryPrimitives.ReadUInt32BigEndian(blob);
        var dl = BinaryPrimitives.ReadUInt32BigEndian(blob[4..]);
        if (il > MaxTags)
        {
            throw new InvalidDataException($"hdr tags: BAD, no. of tags({il}) out of range");
        }

        if (dl > MaxData)
        {
            throw new InvalidDataException($"hdr data: BAD, no. of bytes({dl}) out of range");
        }

        var pvlen = 8L + (EntrySize * (long)il) + dl;
        if (pvlen >= MaxBytes || pvlen != blob.Length)
        {
            throw new InvalidDataException($"blob size({pvlen}): BAD, 8 + 16 * il({il}) + dl({dl}), but the blob has {blob.Length} bytes");
        }

        var count = (int)il;
        var data = blob[(8 + (EntrySize * count))..];
        var (regionTag, ril, rdl) = VerifyRegion(blob, count, data, (int)dl);
        VerifyInfo(blob, count, data, (int)dl, regionTag, rdl);
        return new RpmHeader(buffer, length, count, regionTag, ril, rdl);
    }

    private static RpmHeaderEntry ReadEntry(ReadOnlySpan<byte> blob, int index)
    {
        var e = blob.Slice(8 + (index * EntrySize), EntrySize);
        return new RpmHeaderEntry(
            BinaryPrimitives.ReadInt32BigEndian(e),
            (RpmTagType)BinaryPrimitives.ReadUInt32BigEndian(e[4..]),
            BinaryPrimitives.ReadInt32BigEndian(e[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(e[12..]));
    }

    // rpm's hdrblobVerifyRegion() with regionTag 0 (auto-detect) and exact_size 0, as for database headers.
    private static (int Tag, int Ril, int Rdl) VerifyRegion(ReadOnlySpan<byte> blob, int entryCount, ReadOnlySpan<byte> data, int dl)
    {
        if (entryCount < 1)
        {
            throw new InvalidDataException("region: no tags");
        }

        var first = ReadEntry(blob, 0);
        if (first.Tag is not (RpmTag.HeaderSignatures or RpmTag.HeaderImmutable or RpmTag.HeaderImage))
        {
            return (0, 0, 0);
        }

        var regionTag = first.Tag;
        if (first.Type != RpmTagType.Binary || first.Count != EntrySize)
        {
            throw new InvalidDataException($"region tag: BAD, tag {first.Tag} type {(int)first.Type} offset {first.Offset} count {first.Count}");
        }

        if (first.Offset < 0 || (long)first.Offset + EntrySize > dl)
        {
            throw new InvalidDataException($"region offset: BAD, tag {first.Tag} type {(int)first.Type} offset {first.Offset} count {first.Count}");
        }

        // The trailer need not be aligned.
        var t = data.Slice(first.Offset, EntrySize);
        var tag = BinaryPrimitives.ReadInt32BigEndian(t);
        var type = BinaryPrimitives.ReadUInt32BigEndian(t[4..]);
        var negOffset = BinaryPrimitives.ReadInt32BigEndian(t[8..]);
        var count = BinaryPrimitives.ReadUInt32BigEndian(t[12..]);
        var rdl = first.Offset + EntrySize;
        var offset = unchecked(-negOffset);
        if (regionTag == RpmTag.HeaderSignatures && tag == RpmTag.HeaderImage)
        {
            tag = RpmTag.HeaderSignatures;
        }

        if (tag != regionTag || type != (uint)RpmTagType.Binary || count != EntrySize)
        {
            throw new InvalidDataException($"region trailer: BAD, tag {tag} type {type} offset {offset} count {count}");
        }

        var ril = offset / EntrySize;
        if (offset % EntrySize != 0 || ril < 0 || ril > entryCount || rdl > dl)
        {
            throw new InvalidDataException($"region {regionTag} size: BAD, ril {ril} il {entryCount} rdl {rdl} dl {dl}");
        }

        return (regionTag, ril, rdl);
    }

    // rpm's hdrblobVerifyInfo().
    private static void VerifyInfo(ReadOnlySpan<byte> blob, int entryCount, ReadOnlySpan<byte> data, int dl, int regionTag, int rdl)
    {
        var typeCheck = regionTag is RpmTag.HeaderImmutable or RpmTag.HeaderImage;
        long end = 0;
        for (var i = regionTag != 0 ? 1 : 0; i < entryCount; i++)
        {
            var info = ReadEntry(blob, i);
            long len = 0;
            var bad = (uint)end > (uint)info.Offset
                || info.Tag < RpmTag.HeaderI18NTable
                || info.Type < RpmTagType.Null + 1 || info.Type > RpmTagType.I18NString
                || info.Count < 1 || info.Count > (uint)dl
                || (info.Offset & (TypeAlign[(int)info.Type] - 1)) != 0
                || info.Offset < 0 || info.Offset > dl
                || (info.Type != RpmTagType.Binary && (info.Count & ~MaxArray) != 0)
                || (typeCheck && !TypeMatches(info.Tag, info.Type))
                || !TryDataLength(info.Type, data[info.Offset..dl], info.Count, out len);
            if (!bad)
            {
                end = info.Offset + len;
                bad = end > dl || len <= 0 || (regionTag != 0 && end > rdl - EntrySize && info.Offset < rdl);
            }

            if (bad)
            {
                throw new InvalidDataException($"tag[{i}]: BAD, tag {info.Tag} type {(int)info.Type} offset {info.Offset} count {info.Count} len {len}");
            }
        }
    }

    // rpm's hdrchkTagType(): known tags must have their type; string types are interchangeable among string tags.
    private static bool TypeMatches(int tag, RpmTagType type)
    {
        var known = RpmTag.KnownType(tag);
        if (known is null || known == type)
        {
            return true;
        }

        return IsStringClass(known.Value) && IsStringClass(type);
    }

    private static bool IsStringClass(RpmTagType type) => type is RpmTagType.String or RpmTagType.StringArray or RpmTagType.I18NString;

    // rpm's dataLength() for on-disk data, bounded by the end of the data area.
    private static bool TryDataLength(RpmTagType type, ReadOnlySpan<byte> available, uint count, out long length)
    {
        length = 0;
        switch (type)
        {
            case RpmTagType.String:
                if (count != 1)
                {
                    return false;
                }

                goto case RpmTagType.StringArray;
            case RpmTagType.StringArray:
            case RpmTagType.I18NString:
                var pos = 0;
                for (uint n = 0; n < count; n++)
                {
                    var nul = available[pos..].IndexOf((byte)0);
                    if (nul < 0)
                    {
                        return false;
                    }

                    pos += nul + 1;
                }

                length = pos;
                return true;
            default:
                length = (long)TypeSizes[(int)type] * count;
                return length <= available.Length;
        }
    }

    /// <summary>Looks an entry up by tag.</summary>
    /// <param name="tag">The tag.</param>
    /// <param name="entry">The entry, when present.</param>
    /// <returns><see langword="true"/> if the header has the tag.</returns>
    public bool TryGetEntry(int tag, out RpmHeaderEntry entry)
    {
        // From the end: entries after the region ("dribbles", added at install time) override region entries with the
        // same tag. A scan of a hundred entries costs less than building an index for the few lookups a header gets.
        var index = _blob.AsSpan(8, EntrySize * _entryCount);
        for (var i = _entryCount - 1; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadInt32BigEndian(index[(i * EntrySize)..]) == tag)
            {
                entry = ReadEntry(_blob, i);
                return true;
            }
        }

        entry = default;
        return false;
    }

    /// <summary>Reads a STRING tag, or the first string of a STRING_ARRAY or I18NSTRING tag (the <c>C</c> locale).</summary>
    /// <param name="tag">The tag.</param>
    /// <returns>The string, or <see langword="null"/> when the tag is absent or not a string.</returns>
    public string? GetString(int tag)
    {
        if (!TryGetEntry(tag, out var e) || !IsStringClass(e.Type))
        {
            return null;
        }

        var span = Data(e);
        return Encoding.UTF8.GetString(span[..span.IndexOf((byte)0)]);
    }

    /// <summary>Reads a STRING_ARRAY or I18NSTRING tag (a STRING tag reads as one element).</summary>
    /// <param name="tag">The tag.</param>
    /// <returns>The strings, or <see langword="null"/> when the tag is absent or not a string.</returns>
    public string[]? GetStringArray(int tag)
    {
        if (!TryGetEntry(tag, out var e) || !IsStringClass(e.Type))
        {
            return null;
        }

        var span = Data(e);
        var result = new string[e.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var nul = span.IndexOf((byte)0);
            result[i] = Encoding.UTF8.GetString(span[..nul]);
            span = span[(nul + 1)..];
        }

        return result;
    }

    /// <summary>Reads an INT32 tag's values (an INT16 or INT8 tag is widened).</summary>
    /// <param name="tag">The tag.</param>
    /// <returns>The values, or <see langword="null"/> when absent or not an integer.</returns>
    public uint[]? GetUInt32Array(int tag)
    {
        if (!TryGetEntry(tag, out var e) || e.Type is not (RpmTagType.Int32 or RpmTagType.Int16 or RpmTagType.Int8 or RpmTagType.Char))
        {
            return null;
        }

        var span = Data(e);
        var result = new uint[e.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = e.Type switch
            {
                RpmTagType.Int32 => BinaryPrimitives.ReadUInt32BigEndian(span[(i * 4)..]),
                RpmTagType.Int16 => BinaryPrimitives.ReadUInt16BigEndian(span[(i * 2)..]),
                _ => span[i],
            };
        }

        return result;
    }

    /// <summary>Reads an INT64 tag's values (INT32 and smaller are widened).</summary>
    /// <param name="tag">The tag.</param>
    /// <returns>The values, or <see langword="null"/> when absent or not an integer.</returns>
    public ulong[]? GetUInt64Array(int tag)
    {
        if (TryGetEntry(tag, out var e) && e.Type == RpmTagType.Int64)
        {
            var span = Data(e);
            var result = new ulong[e.Count];
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = BinaryPrimitives.ReadUInt64BigEndian(span[(i * 8)..]);
            }

            return result;
        }

        return GetUInt32Array(tag) is { } narrow ? Array.ConvertAll(narrow, v => (ulong)v) : null;
    }

    /// <summary>Reads the first value of an integer tag.</summary>
    /// <param name="tag">The tag.</param>
    /// <returns>The value, or <see langword="null"/>.</returns>
    public ulong? GetUInt64(int tag) => GetUInt64Array(tag) is [var first, ..] ? first : null;

    /// <summary>Reads a BIN tag.</summary>
    /// <param name="tag">The tag.</param>
    /// <returns>The bytes, or <see langword="null"/>.</returns>
    public byte[]? GetBinary(int tag) => TryGetEntry(tag, out var e) && e.Type == RpmTagType.Binary ? Data(e).ToArray() : null;

    /// <summary>
    /// The digest rpm computes over the immutable region: the magic, <c>ril</c> and <c>rdl</c> big-endian, the first
    /// <c>ril</c> raw index entries and the first <c>rdl</c> data bytes.
    /// </summary>
    /// <param name="algorithm">SHA-256 or SHA-1.</param>
    /// <returns>The lower-case hex digest, or <see langword="null"/> for a header without a region.</returns>
    public string? ComputeRegionDigest(HashAlgorithmName algorithm)
    {
        if (RegionTag == 0)
        {
            return null;
        }

        Span<byte> digest = stackalloc byte[64];
        return Convert.ToHexStringLower(digest[..HashRegion(algorithm, digest)]);
    }

    /// <summary>Checks SHA256HEADER (or SHA1HEADER when there is no SHA256HEADER) against the immutable region.</summary>
    /// <returns>The outcome.</returns>
    public RpmHeaderDigestStatus VerifyDigest()
    {
        if (RegionTag == 0)
        {
            return RpmHeaderDigestStatus.NoRegion;
        }

        // Compared on the tag's bytes: checking thousands of headers allocates no string.
        var algorithm = TryGetStringBytes(RpmTag.Sha256Header, out var expected) ? HashAlgorithmName.SHA256
            : TryGetStringBytes(RpmTag.Sha1Header, out expected) ? HashAlgorithmName.SHA1
            : default;
        if (algorithm == default)
        {
            return RpmHeaderDigestStatus.NoDigest;
        }

        Span<byte> digest = stackalloc byte[64];
        Span<byte> stated = stackalloc byte[64];
        var length = HashRegion(algorithm, digest);
        return expected.Length == 2 * length
            && Convert.FromHexString(expected, stated, out _, out var written) == System.Buffers.OperationStatus.Done
            && stated[..written].SequenceEqual(digest[..length])
                ? RpmHeaderDigestStatus.Verified
                : RpmHeaderDigestStatus.Mismatch;
    }

    // One contiguous copy hashed in one call: cheaper than an IncrementalHash per header.
    private int HashRegion(HashAlgorithmName algorithm, Span<byte> digest)
    {
        var entries = RegionEntryCount * EntrySize;
        var length = 16 + entries + RegionDataLength;
        var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var region = rented.AsSpan(0, length);
            Magic.CopyTo(region);
            BinaryPrimitives.WriteInt32BigEndian(region[8..], RegionEntryCount);
            BinaryPrimitives.WriteInt32BigEndian(region[12..], RegionDataLength);
            _blob.AsSpan(8, entries).CopyTo(region[16..]);
            _blob.AsSpan(_dataStart, RegionDataLength).CopyTo(region[(16 + entries)..]);
            return CryptographicOperations.HashData(algorithm, region, digest);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    // The bytes of a string-class tag's first string, as GetString would decode them.
    private bool TryGetStringBytes(int tag, out ReadOnlySpan<byte> bytes)
    {
        if (!TryGetEntry(tag, out var e) || !IsStringClass(e.Type))
        {
            bytes = default;
            return false;
        }

        var span = Data(e);
        bytes = span[..span.IndexOf((byte)0)];
        return true;
    }

    /// <summary>
    /// The package's paths: <c>DIRNAMES[DIRINDEXES[i]] + BASENAMES[i]</c>, or OLDFILENAMES in headers older than rpm 4.
    /// </summary>
    /// <returns>The paths, in header order; empty for a package without files.</returns>
    /// <exception cref="InvalidDataException">The three arrays disagree in length, or an index is out of range.</exception>
    public IReadOnlyList<string> GetFilePaths()
    {
        var baseNames = GetStringArray(RpmTag.BaseNames);
        if (baseNames is null)
        {
            return GetStringArray(RpmTag.OldFileNames) ?? [];
        }

        var dirIndexes = GetUInt32Array(RpmTag.DirIndexes);
        var dirNames = GetStringArray(RpmTag.DirNames);
        if (dirIndexes is null || dirNames is null || dirIndexes.Length != baseNames.Length)
        {
            throw new InvalidDataException($"file list: BAD, {baseNames.Length} BASENAMES, {dirIndexes?.Length ?? 0} DIRINDEXES, {dirNames?.Length ?? 0} DIRNAMES");
        }

        var paths = new string[baseNames.Length];
        for (var i = 0; i < paths.Length; i++)
        {
            var d = dirIndexes[i];
            if (d >= (uint)dirNames.Length)
            {
                throw new InvalidDataException($"file list: BAD, DIRINDEXES[{i}] = {d} with {dirNames.Length} DIRNAMES");
            }

            paths[i] = dirNames[d] + baseNames[i];
        }

        return paths;
    }

    private ReadOnlySpan<byte> Data(RpmHeaderEntry e) => _blob.AsSpan(_dataStart + e.Offset, _length - _dataStart - e.Offset);
}
