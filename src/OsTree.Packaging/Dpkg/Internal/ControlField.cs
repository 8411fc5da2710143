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
    private readonly int _start;
    private readonly int _length;

    public ControlField(string name, byte[] data, int start, int length)
    {
        Name = name;
        _data = data;
        _start = start;
        _length = length;
    }

    public string Name { get; }

    public ReadOnlySpan<byte> ValueBytes => _data.AsSpan(_start, _length);

    /// <summary>The value, decoded as UTF-8 (a new string on every call).</summary>
    public string Value => Encoding.UTF8.GetString(_data, _start, _length);
}
