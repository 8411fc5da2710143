using OsTree.Packaging.Dpkg.Internal;

namespace OsTree.Packaging.Dpkg;

/// <summary>One record of dpkg's database (a stanza of <c>status</c>, after the <c>updates/</c> journal), in any state.</summary>
public sealed class DpkgPackageRecord
{
    private readonly DpkgStanza _stanza;
    private readonly DpkgSummaryFields _summary;
    private ControlField[]? _raw;
    private KeyValuePair<string, string>[]? _fields;

    internal DpkgPackageRecord(string name, string architecture, DpkgVersion? version, DpkgStatus status, DpkgMultiArch multiArch, DpkgStanza stanza, DpkgSummaryFields summary)
    {
        Name = name;
        Architecture = architecture;
        Version = version;
        Status = status;
        MultiArch = multiArch;
        _stanza = stanza;
        _summary = summary;
    }

    /// <summary>The package name (dpkg folds it to lower case).</summary>
    public string Name { get; }

    /// <summary>The Architecture field; empty when absent (only seen on records that are not installed).</summary>
    public string Architecture { get; }

    /// <summary>The Version field, when present.</summary>
    public DpkgVersion? Version { get; }

    /// <summary>The Status field (<c>unknown ok not-installed</c> when absent).</summary>
    public DpkgStatus Status { get; }

    /// <summary>The Multi-Arch field.</summary>
    public DpkgMultiArch MultiArch { get; }

    /// <summary>Every field, in file order, with values as dpkg keeps them (continuation lines verbatim).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Fields
        => _fields ??= Array.ConvertAll(RawFields, f => new KeyValuePair<string, string>(f.Name, f.Value));

    private ControlField[] RawFields => _raw ??= _stanza.ReadFields();

    /// <summary>Looks a field up by name, case-insensitively as dpkg does.</summary>
    /// <param name="name">The field name.</param>
    /// <returns>The value, or <see langword="null"/>.</returns>
    public string? GetField(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var field in RawFields)
        {
            if (field.Is(name))
            {
                return field.Value;
            }
        }

        return null;
    }

    /// <summary>How dpkg names the package: <c>name:arch</c> for Multi-Arch: same, <c>name</c> otherwise.</summary>
    public string DisplayName => MultiArch == DpkgMultiArch.Same ? $"{Name}:{Architecture}" : Name;

    /// <inheritdoc/>
    public override string ToString() => $"{DisplayName} {Version} {Status}";

    internal InstalledPackage ToInstalledPackage()
    {
        // Straight from the field bytes: only the summary line of a description is decoded, never the long text.
        var version = Version ?? new DpkgVersion(0, string.Empty, string.Empty);
        long? size = null;
        if (_summary.InstalledSize is { } sizeSlice)
        {
            var sizeBytes = _stanza.Slice(sizeSlice);
            size = sizeBytes.Length > 0 && sizeBytes.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0
                && System.Buffers.Text.Utf8Parser.TryParse(sizeBytes, out long kib, out var consumed) && consumed == sizeBytes.Length ? kib * 1024 : null;
        }

        string? summary = null;
        if (_summary.Description is { } descriptionSlice)
        {
            var description = _stanza.Slice(descriptionSlice);
            var newline = description.IndexOf((byte)'\n');
            summary = System.Text.Encoding.UTF8.GetString(newline < 0 ? description : description[..newline]);
        }

        string? source = null;
        if (_summary.Source is { } sourceSlice)
        {
            var sourceBytes = _stanza.Slice(sourceSlice);
            var space = sourceBytes.IndexOf((byte)' ');
            source = System.Text.Encoding.UTF8.GetString(space < 0 ? sourceBytes : sourceBytes[..space]);
        }

        return new InstalledPackage(PackageFormat.Dpkg, Name, (uint)version.Epoch, version.Upstream, version.Revision, Architecture)
        {
            Summary = summary,
            Source = source ?? Name,
            InstalledSize = size,
            DpkgStatus = Status,
            MultiArch = MultiArch,
        };
    }
}
