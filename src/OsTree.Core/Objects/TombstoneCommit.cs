using System.Text;
using OsTree.GVariant;

namespace OsTree.Objects;

/// <summary>
/// The marker libostree leaves for a deleted commit when <c>core.tombstone-commits</c> is set: the
/// <c>.tombstone-commit</c> object, named after the deleted commit, holding <c>{"commit": &lt;ay&gt;}</c> where the
/// bytes are the commit's hexadecimal checksum plus a NUL.
/// </summary>
public sealed class TombstoneCommit
{
    private const string CommitKey = "commit";

    /// <summary>Creates a tombstone for <paramref name="commit"/>.</summary>
    /// <param name="commit">The deleted commit.</param>
    public TombstoneCommit(Checksum commit) => Commit = commit;

    /// <summary>The deleted commit.</summary>
    public Checksum Commit { get; }

    /// <summary>Serializes the tombstone.</summary>
    /// <returns>The object's bytes.</returns>
    public byte[] Serialize()
    {
        var text = new byte[Checksum.HexLength + 1];
        Encoding.ASCII.GetBytes(Commit.ToString(), text);
        return new GVariantDictionary().With(CommitKey, GVariantValue.FromBytes(text)).ToArray();
    }

    /// <summary>Parses a <c>.tombstone-commit</c> object.</summary>
    /// <param name="data">The object's bytes.</param>
    /// <returns>The tombstone.</returns>
    /// <exception cref="InvalidDataException">The bytes are malformed or name no commit.</exception>
    public static TombstoneCommit Parse(ReadOnlySpan<byte> data)
    {
        var dict = GVariantDictionary.Parse(data);
        if (!dict.TryGetValue(CommitKey, out var value) || !value.Type.Equals(GVariantType.ByteArray))
        {
            throw new InvalidDataException("A tombstone has no 'commit' byte string.");
        }

        var bytes = value.GetBytes().Span;
        if (bytes.Length > 0 && bytes[^1] == 0)
        {
            bytes = bytes[..^1];
        }

        return Checksum.TryParse(Encoding.ASCII.GetString(bytes), out var commit)
            ? new TombstoneCommit(commit)
            : throw new InvalidDataException("A tombstone's 'commit' is not a checksum.");
    }
}
