using System.Buffers.Binary;
using OsTree.GVariant;
using OsTree.Objects;

namespace OsTree.Transport;

/// <summary>One ref listed in a repository <c>summary</c>: its name, the commit it points to and what a client may
/// know of that commit before fetching it.</summary>
public sealed class SummaryRef
{
    /// <summary>The key of the commit's timestamp in <see cref="Metadata"/> (a big-endian <c>t</c>, as in the commit).</summary>
    public const string TimestampKey = "ostree.commit.timestamp";

    /// <summary>The key of the commit's <c>version</c> metadata in <see cref="Metadata"/> (an <c>s</c>).</summary>
    public const string VersionKey = "ostree.commit.version";

    /// <summary>Creates an entry.</summary>
    /// <param name="name">The ref's name, e.g. <c>exampleos/x86_64/stable</c>.</param>
    /// <param name="commit">The commit it points to.</param>
    /// <param name="commitSize">The size in bytes of the commit object.</param>
    /// <param name="metadata">The entry's metadata (timestamp, version); empty when null.</param>
    public SummaryRef(string name, Checksum commit, ulong commitSize, GVariantDictionary? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Commit = commit;
        CommitSize = commitSize;
        Metadata = metadata ?? GVariantDictionary.Empty;
    }

    /// <summary>The ref's name.</summary>
    public string Name { get; }

    /// <summary>The commit the ref points to.</summary>
    public Checksum Commit { get; }

    /// <summary>The size in bytes of the commit object; a client refuses a commit object larger than this.</summary>
    public ulong CommitSize { get; }

    /// <summary>The entry's metadata, in the order it was written.</summary>
    public GVariantDictionary Metadata { get; }

    /// <summary>The commit's timestamp in seconds since the epoch, when the summary records it.</summary>
    public ulong? Timestamp
        => Metadata.TryGetValue(TimestampKey, out var value) && value.Type.Equals(GVariantType.UInt64)
            ? BinaryPrimitives.ReverseEndianness(value.GetUInt64())
            : null;

    /// <summary>The commit's <c>version</c>, when the summary records it.</summary>
    public string? Version => Metadata.GetStringOrNull(VersionKey);

    /// <summary>Creates the entry libostree's <c>summary -u</c> writes for a commit: its size, timestamp and version.</summary>
    /// <param name="name">The ref's name.</param>
    /// <param name="commitChecksum">The commit's id.</param>
    /// <param name="commitSize">The size of the commit object in bytes.</param>
    /// <param name="commit">The parsed commit.</param>
    /// <returns>The entry.</returns>
    public static SummaryRef ForCommit(string name, Checksum commitChecksum, ulong commitSize, Commit commit)
    {
        ArgumentNullException.ThrowIfNull(commit);
        // libostree 2022.7 writes the version first, then the timestamp (big-endian like the commit's own).
        var metadata = new GVariantDictionary();
        if (commit.Version is { } version)
        {
            metadata = metadata.With(VersionKey, GVariantValue.FromString(version));
        }

        metadata = metadata.With(TimestampKey, GVariantValue.FromUInt64(BinaryPrimitives.ReverseEndianness(commit.Timestamp)));
        return new SummaryRef(name, commitChecksum, commitSize, metadata);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} {Commit}";
}
