using System.Text;

namespace OsTree.Packaging.Dpkg.Internal;

/// <summary>
/// One <c>Name: value</c> field of a stanza; the value keeps continuation lines verbatim. The value stays a slice of
/// the file's bytes until someone asks for it: listing packages needs four fields of twenty, and decoding every
/// description would cost more than the parse.
/// </summary>
internal readonly struct ControlField
{
    private readonly byte[] _data;

    public ControlField(string name, int number, byte[] data, int start, int length)
    {
        Name = name;
        Number = number;
        _data = data;
        Start = start;
        Length = length;
    }

    public string Name { get; }

    /// <summary>The known field this is (<see cref="FieldNames"/>), or <see cref="FieldNames.Unknown"/>.</summary>
    public int Number { get; }

    /// <summary>Where the value starts in the file's bytes.</summary>
    public int Start { get; }

    /// <summary>The value's length in bytes.</summary>
    public int Length { get; }

    public ReadOnlySpan<byte> ValueBytes => _data.AsSpan(Start, Length);

    /// <summary>The value, decoded as UTF-8 (a new string on every call).</summary>
    public string Value => Encoding.UTF8.GetString(_data, Start, Length);

    /// <summary>Whether this field has the given name, compared case-insensitively as dpkg does.</summary>
    public bool Is(string name) => Name.Equals(name, StringComparison.OrdinalIgnoreCase);
}
