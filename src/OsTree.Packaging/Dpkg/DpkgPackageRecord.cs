namespace OsTree.Packaging.Dpkg;

/// <summary>One record of dpkg's database (a stanza of <c>status</c>, after the <c>updates/</c> journal), in any state.</summary>
public sealed class DpkgPackageRecord
{
    private readonly KeyValuePair<string, string>[] _fields;

    internal DpkgPackageRecord(string name, string architecture, DpkgVersion? version, DpkgStatus status, DpkgMultiArch multiArch, KeyValuePair<string, string>[] fields)
    {
        Name = name;
        Architecture = architecture;
        Version = version;
        Status = status;
        MultiArch = multiArch;
        _fields = fields;
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
    public IReadOnlyList<KeyValuePair<string, string>> Fields => _fields;

    /// <summary>Looks a field up by name, case-insensitively as dpkg does.</summary>
    /// <param name="name">The field name.</param>
    /// <returns>The value, or <see langword="null"/>.</returns>
    public string? GetField(string name)
    {
        foreach (var field in _fields)
        {
            if (field.Key.Equals(name, StringComparison.OrdinalIgnoreCase))
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
        var version = Version ?? new DpkgVersion(0, string.Empty, string.Empty);
        long? size = long.TryParse(GetField("Installed-Size"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var kib) ? kib * 1024 : null;
        var description = GetField("Description");
        var source = GetField("Source");
        if (source is not null)
        {
            var space = source.IndexOf(' ', StringComparison.Ordinal);
            source = space < 0 ? source : source[..space];
        }

        return new InstalledPackage(PackageFormat.Dpkg, Name, (uint)version.Epoch, version.Upstream, version.Revision, Architecture)
        {
            Summary = description is null ? null : description.Split('\n', 2)[0],
            Source = source ?? Name,
            InstalledSize = size,
            DpkgStatus = Status,
            MultiArch = MultiArch,
        };
    }
}
