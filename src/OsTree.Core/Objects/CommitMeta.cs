using OsTree.GVariant;

namespace OsTree.Objects;

/// <summary>
/// A commit's detached metadata: the <c>.commitmeta</c> object, an <c>a{sv}</c> named after its commit and mutable
/// (signatures are appended to it, e.g. <c>ostree.gpgsigs</c> <c>aay</c>).
/// </summary>
public sealed class CommitMeta
{
    /// <summary>The key under which GPG signatures of the commit object are stored (<c>aay</c>).</summary>
    public const string GpgSignaturesKey = "ostree.gpgsigs";

    /// <summary>Creates detached metadata.</summary>
    /// <param name="metadata">The dictionary.</param>
    public CommitMeta(GVariantDictionary metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        Metadata = metadata;
    }

    /// <summary>The dictionary, in stored order.</summary>
    public GVariantDictionary Metadata { get; }

    /// <summary>Serializes the detached metadata.</summary>
    /// <returns>The object's bytes.</returns>
    public byte[] Serialize() => Metadata.ToArray();

    /// <summary>Parses a <c>.commitmeta</c> object.</summary>
    /// <param name="data">The object's bytes.</param>
    /// <returns>The detached metadata.</returns>
    /// <exception cref="InvalidDataException">The bytes are not a valid <c>a{sv}</c>.</exception>
    public static CommitMeta Parse(ReadOnlySpan<byte> data) => new(GVariantDictionary.Parse(data));
}
