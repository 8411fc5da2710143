using System.Buffers.Binary;
using System.Text;
using OsTree.GVariant;
using OsTree.Objects;

namespace OsTree.Transport;

/// <summary>
/// A repository's <c>summary</c> file, <c>(a(s(taya{sv}))a{sv})</c>: every ref with its commit, plus global metadata.
/// Clients read it first to learn what a published repository holds without fetching its refs one by one.
/// </summary>
/// <remarks>
/// Refs are kept sorted bytewise by name, as libostree requires (clients binary-search them). The global metadata
/// keeps its order. Reading validates every offset through the GVariant reader and refuses duplicate or unsorted
/// refs and commit ids that are not 32 bytes.
/// </remarks>
public sealed class RepositorySummary
{
    /// <summary>The repository's mode as written in its config (<c>archive-z2</c>, <c>bare</c>, …), an <c>s</c>.</summary>
    public const string ModeKey = "ostree.summary.mode";

    /// <summary>When the summary was generated, seconds since the epoch as a big-endian <c>t</c>.</summary>
    public const string LastModifiedKey = "ostree.summary.last-modified";

    /// <summary>When the summary stops being valid, seconds since the epoch as a big-endian <c>t</c>.</summary>
    public const string ExpiresKey = "ostree.summary.expires";

    /// <summary>Whether the repository records tombstones for deleted commits, a <c>b</c>.</summary>
    public const string TombstoneCommitsKey = "ostree.summary.tombstone-commits";

    /// <summary>Whether static deltas are listed in <c>delta-indexes/</c> rather than here, a <c>b</c>.</summary>
    public const string IndexedDeltasKey = "ostree.summary.indexed-deltas";

    /// <summary>The repository's collection id, an <c>s</c>.</summary>
    public const string CollectionIdKey = "ostree.summary.collection-id";

    /// <summary>Static deltas by name, <c>a{sv}</c> of <c>ay</c> superblock checksums.</summary>
    public const string StaticDeltasKey = "ostree.static-deltas";

    internal static readonly GVariantType Type = GVariantType.Parse("(a(s(taya{sv}))a{sv})");

    private readonly SummaryRef[] _refs;

    /// <summary>Creates a summary; the refs are sorted bytewise by name.</summary>
    /// <param name="refs">The refs; names must be unique.</param>
    /// <param name="metadata">The global metadata; empty when null.</param>
    /// <exception cref="ArgumentException">Two refs have the same name.</exception>
    public RepositorySummary(IEnumerable<SummaryRef> refs, GVariantDictionary? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(refs);
        _refs = [.. refs];
        Array.Sort(_refs, static (a, b) => CompareNames(a.Name, b.Name));
        for (var i = 1; i < _refs.Length; i++)
        {
            if (_refs[i - 1].Name == _refs[i].Name)
            {
                throw new ArgumentException($"The ref '{_refs[i].Name}' is listed twice.", nameof(refs));
            }
        }

        Metadata = metadata ?? GVariantDictionary.Empty;
    }

    /// <summary>The refs, sorted bytewise by name.</summary>
    public IReadOnlyList<SummaryRef> Refs => _refs;

    /// <summary>The global metadata, in order.</summary>
    public GVariantDictionary Metadata { get; }

    /// <summary>The published repository's mode as its config names it (<c>archive-z2</c> for archive), if recorded.</summary>
    public string? Mode => Metadata.GetStringOrNull(ModeKey);

    /// <summary>When the summary was generated, if recorded.</summary>
    public DateTimeOffset? LastModified => GetTime(LastModifiedKey);

    /// <summary>When the summary expires, if recorded.</summary>
    public DateTimeOffset? Expires => GetTime(ExpiresKey);

    /// <summary>Whether the repository writes tombstones for deleted commits (false if not recorded).</summary>
    public bool TombstoneCommits => Metadata.TryGetValue(TombstoneCommitsKey, out var v) && v.Type.Equals(GVariantType.Boolean) && v.GetBoolean();

    /// <summary>Creates the summary libostree's <c>summary -u</c> writes: the refs plus mode, last-modified time,
    /// tombstone setting and <c>indexed-deltas</c>, in that order.</summary>
    /// <param name="refs">The refs (of <c>refs/heads</c>; libostree leaves out remote refs).</param>
    /// <param name="modeConfigValue">The mode as the config spells it (<c>archive-z2</c>, <c>bare-user</c>, …).</param>
    /// <param name="lastModified">The time to record (normally now).</param>
    /// <param name="tombstoneCommits">The repository's <c>core.tombstone-commits</c>.</param>
    /// <returns>The summary.</returns>
    public static RepositorySummary Create(IEnumerable<SummaryRef> refs, string modeConfigValue, DateTimeOffset lastModified, bool tombstoneCommits)
    {
        ArgumentException.ThrowIfNullOrEmpty(modeConfigValue);
        var metadata = GVariantDictionary.Empty
            .With(ModeKey, GVariantValue.FromString(modeConfigValue))
            .With(LastModifiedKey, GVariantValue.FromUInt64(BinaryPrimitives.ReverseEndianness((ulong)lastModified.ToUnixTimeSeconds())))
            .With(TombstoneCommitsKey, GVariantValue.FromBoolean(tombstoneCommits))
            .With(IndexedDeltasKey, GVariantValue.FromBoolean(true));
        return new RepositorySummary(refs, metadata);
    }

    /// <summary>Finds a ref by name (binary search).</summary>
    /// <param name="name">The ref's name.</param>
    /// <param name="entry">The entry, when found.</param>
    /// <returns><see langword="true"/> if the summary lists the ref.</returns>
    public bool TryGetRef(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SummaryRef? entry)
    {
        ArgumentNullException.ThrowIfNull(name);
        int lo = 0, hi = _refs.Length - 1;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) / 2);
            var c = CompareNames(_refs[mid].Name, name);
            if (c == 0)
            {
                entry = _refs[mid];
                return true;
            }

            if (c < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        entry = null;
        return false;
    }

    /// <summary>Parses a <c>summary</c> file.</summary>
    /// <param name="data">The file's bytes.</param>
    /// <returns>The summary.</returns>
    /// <exception cref="InvalidDataException">The bytes are not a valid summary.</exception>
    public static RepositorySummary Parse(ReadOnlySpan<byte> data)
    {
        var reader = new GVariantReader(Type, data);
        var list = reader.GetChild(0);
        var count = list.GetArrayLength();
        var refs = new SummaryRef[count];
        for (var i = 0; i < count; i++)
        {
            var entry = list.GetArrayElement(i);
            var name = entry.GetChild(0).GetString();
            if (name.Length == 0)
            {
                throw new InvalidDataException("The summary lists a ref with an empty name.");
            }

            if (i > 0 && CompareNames(refs[i - 1].Name, name) >= 0)
            {
                throw new InvalidDataException($"The summary's refs are not sorted: '{refs[i - 1].Name}' comes before '{name}'.");
            }

            var commit = entry.GetChild(1);
            var size = commit.GetChild(0).GetUInt64();
            var checksumBytes = commit.GetChild(1).GetBytes();
            if (checksumBytes.Length != Checksum.ByteLength)
            {
                throw new InvalidDataException($"The summary's ref '{name}' has a {checksumBytes.Length}-byte commit id.");
            }

            refs[i] = new SummaryRef(name, new Checksum(checksumBytes), size, GVariantDictionary.Read(commit.GetChild(2)));
        }

        return new RepositorySummary(refs, GVariantDictionary.Read(reader.GetChild(1)));
    }

    /// <summary>Serializes the summary in GVariant normal form.</summary>
    /// <returns>The file's bytes.</returns>
    public byte[] Serialize()
    {
        using var writer = new GVariantWriter(Type, 256 + (_refs.Length * 160));
        Span<byte> raw = stackalloc byte[Checksum.ByteLength];
        writer.BeginTuple();
        writer.BeginArray();
        foreach (var r in _refs)
        {
            writer.BeginTuple();
            writer.WriteString(r.Name);
            writer.BeginTuple();
            writer.WriteUInt64(r.CommitSize);
            r.Commit.CopyTo(raw);
            writer.WriteBytes(raw);
            r.Metadata.WriteTo(writer);
            writer.EndTuple();
            writer.EndTuple();
        }

        writer.EndArray();
        Metadata.WriteTo(writer);
        writer.EndTuple();
        return writer.ToArray();
    }

    private DateTimeOffset? GetTime(string key)
    {
        if (!Metadata.TryGetValue(key, out var value) || !value.Type.Equals(GVariantType.UInt64))
        {
            return null;
        }

        var seconds = BinaryPrimitives.ReverseEndianness(value.GetUInt64());
        return seconds <= 253402300799UL ? DateTimeOffset.FromUnixTimeSeconds((long)seconds) : null;
    }

    /// <summary>Bytewise (UTF-8) order of ref names, as <c>strcmp</c>.</summary>
    private static int CompareNames(string a, string b)
    {
        if (Ascii.IsValid(a) && Ascii.IsValid(b))
        {
            return string.CompareOrdinal(a, b);
        }

        return Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b));
    }
}
