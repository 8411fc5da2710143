namespace OsTree.Packaging.Dpkg.Internal;

/// <summary>
/// Where a record's stanza lies in the bytes of the file it was read from. A record keeps this rather than its parsed
/// fields: listing a database reads a dozen fields of each stanza once, and the rest are parsed again only when asked for.
/// </summary>
internal readonly struct DpkgStanza
{
    private readonly byte[] _data;
    private readonly int _start;
    private readonly int _length;
    private readonly string _fileName;

    public DpkgStanza(byte[] data, int start, int length, string fileName)
    {
        _data = data;
        _start = start;
        _length = length;
        _fileName = fileName;
    }

    /// <summary>A value of this stanza's file.</summary>
    public ReadOnlySpan<byte> Slice(DpkgValueSlice slice) => _data.AsSpan(slice.Start, slice.Length);

    /// <summary>Parses the stanza's fields again (it parsed once, so it parses the same way).</summary>
    public ControlField[] ReadFields()
    {
        var fields = new List<ControlField>(24);
        new ControlStanzaReader(_data, _start, _start + _length, _fileName).TryRead(fields, out _);
        return [.. fields];
    }
}
