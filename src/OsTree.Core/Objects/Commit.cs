using System.Buffers.Binary;
using System.Security.Cryptography;
using OsTree.GVariant;

namespace OsTree.Objects;

/// <summary>
/// A commit: the <c>.commit</c> object <c>(a{sv}aya(say)sstayay)</c> = (metadata, parent, related, subject, body,
/// timestamp, root dirtree, root dirmeta). Its name is the sha256 of its bytes. The timestamp is stored big-endian.
/// </summary>
public sealed class Commit
{
    internal static readonly GVariantType Type = GVariantType.Parse("(a{sv}aya(say)sstayay)");

    /// <summary>The metadata key libostree's <c>commit -b</c> adds: the refs this commit may be pulled as (<c>as</c>).</summary>
    public const string RefBindingKey = "ostree.ref-binding";

    /// <summary>The metadata key for the collection the commit belongs to (<c>s</c>).</summary>
    public const string CollectionBindingKey = "ostree.collection-binding";

    /// <summary>The metadata key for a human-readable version (<c>s</c>).</summary>
    public const string VersionKey = "version";

    /// <summary>Creates a commit.</summary>
    /// <param name="rootTree">The root directory's dirtree.</param>
    /// <param name="rootMeta">The root directory's dirmeta.</param>
    /// <param name="timestamp">Seconds since the Unix epoch, UTC.</param>
    /// <param name="subject">The one-line subject.</param>
    /// <param name="body">The body; empty for none.</param>
    /// <param name="parent">The parent commit, if any.</param>
    /// <param name="metadata">The metadata, in insertion order.</param>
    /// <param name="related">The related objects; libostree writes none.</param>
    public Commit(
        Checksum rootTree,
        Checksum rootMeta,
        ulong timestamp,
        string subject,
        string body = "",
        Checksum? parent = null,
        GVariantDictionary? metadata = null,
        IReadOnlyList<CommitRelated>? related = null)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(body);
        RootTree = rootTree;
        RootMeta = rootMeta;
        Timestamp = timestamp;
        Subject = subject;
        Body = body;
        Parent = parent;
        Metadata = metadata ?? GVariantDictionary.Empty;
        Related = related ?? [];
    }

    /// <summary>The metadata dictionary, in stored order.</summary>
    public GVariantDictionary Metadata { get; }

    /// <summary>The parent commit, or <see langword="null"/> for the first commit of a history.</summary>
    public Checksum? Parent { get; }

    /// <summary>The related objects (normally none).</summary>
    public IReadOnlyList<CommitRelated> Related { get; }

    /// <summary>The subject line.</summary>
    public string Subject { get; }

    /// <summary>The body.</summary>
    public string Body { get; }

    /// <summary>The commit time in seconds since the Unix epoch.</summary>
    public ulong Timestamp { get; }

    /// <summary>The commit time; clamped to <see cref="DateTimeOffset.MaxValue"/> for absurd values.</summary>
    public DateTimeOffset TimestampUtc => Timestamp > 253402300799UL
        ? DateTimeOffset.MaxValue
        : DateTimeOffset.FromUnixTimeSeconds((long)Timestamp);

    /// <summary>The root directory's dirtree.</summary>
    public Checksum RootTree { get; }

    /// <summary>The root directory's dirmeta.</summary>
    public Checksum RootMeta { get; }

    /// <summary>The <c>version</c> metadata string, if present.</summary>
    public string? Version => Metadata.GetStringOrNull(VersionKey);

    /// <summary>
    /// The checksum of the tree alone, sha256(root dirtree ‖ root dirmeta), as <c>ostree show</c> prints it: equal for
    /// commits of identical content whatever their subject, time or parent.
    /// </summary>
    public Checksum ContentChecksum
    {
        get
        {
            Span<byte> both = stackalloc byte[2 * Checksum.ByteLength];
            RootTree.CopyTo(both);
            RootMeta.CopyTo(both[Checksum.ByteLength..]);
            Span<byte> digest = stackalloc byte[Checksum.ByteLength];
            SHA256.HashData(both, digest);
            return new Checksum(digest);
        }
    }

    /// <summary>Serializes the commit.</summary>
    /// <returns>The object's bytes.</returns>
    public byte[] Serialize()
    {
        using var writer = new GVariantWriter(Type, 512);
        Span<byte> raw = stackalloc byte[Checksum.ByteLength];
        writer.BeginTuple();
        Metadata.WriteTo(writer);
        if (Parent is { } parent)
        {
            parent.CopyTo(raw);
            writer.WriteBytes(raw);
        }
        else
        {
            writer.WriteBytes([]);
        }

        writer.BeginArray();
        foreach (var r in Related)
        {
            writer.BeginTuple();
            writer.WriteString(r.Name);
            r.Checksum.CopyTo(raw);
            writer.WriteBytes(raw);
            writer.EndTuple();
        }

        writer.EndArray();
        writer.WriteString(Subject);
        writer.WriteString(Body);
        writer.WriteUInt64(BinaryPrimitives.ReverseEndianness(Timestamp));
        RootTree.CopyTo(raw);
        writer.WriteBytes(raw);
        RootMeta.CopyTo(raw);
        writer.WriteBytes(raw);
        writer.EndTuple();
        return writer.ToArray();
    }

    /// <summary>The object's name: the sha256 of its bytes.</summary>
    /// <returns>The checksum.</returns>
    public Checksum ComputeChecksum() => Checksum.Compute(Serialize());

    /// <summary>Parses and validates a <c>.commit</c> object.</summary>
    /// <param name="data">The object's bytes.</param>
    /// <returns>The commit.</returns>
    /// <exception cref="InvalidDataException">The bytes are malformed.</exception>
    public static Commit Parse(ReadOnlySpan<byte> data)
    {
        var reader = new GVariantReader(Type, data);
        var metadata = GVariantDictionary.Read(reader.GetChild(0));
        var parentBytes = reader.GetChild(1).GetBytes();
        Checksum? parent = parentBytes.Length switch
        {
            0 => null,
            Checksum.ByteLength => new Checksum(parentBytes),
            _ => throw new InvalidDataException($"A commit's parent is {parentBytes.Length} bytes, not 0 or {Checksum.ByteLength}."),
        };
        var relatedList = reader.GetChild(2);
        var related = new CommitRelated[relatedList.GetArrayLength()];
        for (var i = 0; i < related.Length; i++)
        {
            var entry = relatedList.GetArrayElement(i);
            related[i] = new CommitRelated(entry.GetChild(0).GetString(), DirTree.ReadChecksum(entry.GetChild(1)));
        }

        return new Commit(
            DirTree.ReadChecksum(reader.GetChild(6)),
            DirTree.ReadChecksum(reader.GetChild(7)),
            BinaryPrimitives.ReverseEndianness(reader.GetChild(5).GetUInt64()),
            reader.GetChild(3).GetString(),
            reader.GetChild(4).GetString(),
            parent,
            metadata,
            related);
    }
}
