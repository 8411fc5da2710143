using System.Globalization;
using OsTree.Packaging.Dpkg;
using OsTree.Packaging.Rpm;

namespace OsTree.Packaging;

/// <summary>One package installed in a tree, as its package manager records it.</summary>
/// <remarks>
/// Identity is (<see cref="Name"/>, <see cref="Architecture"/>). For rpm, <see cref="Version"/> and
/// <see cref="Release"/> are the header's VERSION and RELEASE; for dpkg they are the upstream version and the Debian
/// revision (empty when there is none).
/// </remarks>
public sealed class InstalledPackage : ISpanFormattable
{
    /// <summary>Creates a package record.</summary>
    /// <param name="format">The package manager.</param>
    /// <param name="name">The package name.</param>
    /// <param name="epoch">The epoch (0 when none).</param>
    /// <param name="version">The version (dpkg: upstream version).</param>
    /// <param name="release">The release (dpkg: revision, empty when none).</param>
    /// <param name="architecture">The architecture (<c>x86_64</c>, <c>noarch</c>, <c>amd64</c>, <c>all</c> …).</param>
    public InstalledPackage(PackageFormat format, string name, uint epoch, string version, string release, string architecture)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(architecture);
        Format = format;
        Name = name;
        Epoch = epoch;
        Version = version;
        Release = release;
        Architecture = architecture;
    }

    /// <summary>The package manager this record comes from.</summary>
    public PackageFormat Format { get; }

    /// <summary>The package name.</summary>
    public string Name { get; }

    /// <summary>The epoch; 0 when the package has none (rpm treats a missing epoch as 0, as dpkg does).</summary>
    public uint Epoch { get; }

    /// <summary>The version (dpkg: the upstream part).</summary>
    public string Version { get; }

    /// <summary>The release (dpkg: the Debian revision, empty when there is none).</summary>
    public string Release { get; }

    /// <summary>The architecture.</summary>
    public string Architecture { get; }

    /// <summary>The one-line summary (rpm SUMMARY, dpkg first line of Description).</summary>
    public string? Summary { get; init; }

    /// <summary>The license (rpm LICENSE); <see langword="null"/> for dpkg, whose database does not record it.</summary>
    public string? License { get; init; }

    /// <summary>The source package (rpm SOURCERPM file name; dpkg Source name, or the package name when absent).</summary>
    public string? Source { get; init; }

    /// <summary>The installed size in bytes (rpm LONGSIZE/SIZE; dpkg Installed-Size × 1024), when recorded.</summary>
    public long? InstalledSize { get; init; }

    /// <summary>When the package was installed (rpm INSTALLTIME); <see langword="null"/> for dpkg.</summary>
    public DateTimeOffset? InstallTime { get; init; }

    /// <summary>
    /// The hex SHA-256 of the header's immutable region (rpm SHA256HEADER), which equals the <c>.rpm</c>'s own value
    /// and so identifies the build; <see langword="null"/> for dpkg and for headers without one.
    /// </summary>
    public string? HeaderSha256 { get; init; }

    /// <summary>The hex SHA-1 of the header's immutable region (rpm SHA1HEADER), when present.</summary>
    public string? HeaderSha1 { get; init; }

    /// <summary>dpkg's Status field; <see langword="null"/> for rpm.</summary>
    public DpkgStatus? DpkgStatus { get; init; }

    /// <summary>dpkg's Multi-Arch field; <see cref="DpkgMultiArch.No"/> for rpm.</summary>
    public DpkgMultiArch MultiArch { get; init; }

    /// <summary>Opaque locator of the record inside its database (rpm header number), for reading file lists later.</summary>
    internal long DatabaseKey { get; init; }

    /// <summary>
    /// The version as its package manager prints it: rpm <c>[E:]V-R</c> (epoch only when non-zero, as rpm-ostree
    /// prints it); dpkg <c>[E:]upstream[-revision]</c>.
    /// </summary>
    public string Evr
    {
        get
        {
            var head = Epoch != 0 ? Epoch.ToString(CultureInfo.InvariantCulture) + ":" + Version : Version;
            return Format == PackageFormat.Dpkg && Release.Length == 0 ? head : head + "-" + Release;
        }
    }

    /// <summary>
    /// The full identifier: rpm <c>name-[E:]V-R.arch</c> (rpm-ostree's NEVRA); dpkg <c>name_[E:]version_arch</c>
    /// (the form of a <c>.deb</c> file name, epoch kept).
    /// </summary>
    public string Nevra => string.Create(CultureInfo.InvariantCulture, $"{this}");

    /// <summary>How dpkg names the package: <c>name:arch</c> for Multi-Arch: same packages, <c>name</c> otherwise.</summary>
    public string DisplayName => Format == PackageFormat.Dpkg && MultiArch == DpkgMultiArch.Same ? $"{Name}:{Architecture}" : Name;

    /// <summary>The rpm EVR of this package.</summary>
    /// <exception cref="InvalidOperationException">This is a dpkg package.</exception>
    public RpmEvr RpmEvr => Format == PackageFormat.Rpm ? new RpmEvr(Epoch, Version, Release) : throw new InvalidOperationException($"{Name} is a dpkg package.");

    /// <summary>The dpkg version of this package.</summary>
    /// <exception cref="InvalidOperationException">This is an rpm package.</exception>
    public DpkgVersion DpkgVersion => Format == PackageFormat.Dpkg ? new DpkgVersion(checked((int)Epoch), Version, Release) : throw new InvalidOperationException($"{Name} is an rpm package.");

    /// <summary>Compares versions with the package manager's own ordering (<c>rpmvercmp</c> or dpkg's).</summary>
    /// <param name="other">A package of the same format.</param>
    /// <returns>Negative if this one is older, 0 if the versions are equal, positive if newer.</returns>
    /// <exception cref="ArgumentException">The formats differ.</exception>
    public int CompareVersionTo(InstalledPackage other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Format != Format)
        {
            throw new ArgumentException("Cannot compare an rpm version with a dpkg version.", nameof(other));
        }

        return Format == PackageFormat.Rpm ? RpmEvr.CompareTo(other.RpmEvr) : DpkgVersion.CompareTo(other.DpkgVersion);
    }

    /// <inheritdoc/>
    public override string ToString() => Nevra;

    /// <summary>The <see cref="Nevra"/> as a string; the only format is the empty one.</summary>
    /// <param name="format">Empty or <see langword="null"/>.</param>
    /// <param name="formatProvider">Ignored: a NEVRA is culture-invariant.</param>
    /// <returns>The NEVRA.</returns>
    /// <exception cref="FormatException"><paramref name="format"/> is not empty.</exception>
    public string ToString(string? format, IFormatProvider? formatProvider)
    {
        CheckFormat(format);
        return Nevra;
    }

    /// <summary>Writes the <see cref="Nevra"/> into a span, without allocating (as a listing of thousands of packages does).</summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="charsWritten">How many characters were written.</param>
    /// <param name="format">Empty: the only format.</param>
    /// <param name="provider">Ignored: a NEVRA is culture-invariant.</param>
    /// <returns><see langword="false"/> if <paramref name="destination"/> is too short.</returns>
    /// <exception cref="FormatException"><paramref name="format"/> is not empty.</exception>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        CheckFormat(format);
        var rpm = Format == PackageFormat.Rpm;
        var invariant = CultureInfo.InvariantCulture;
        var release = rpm || Release.Length != 0;
        return (Epoch != 0, release) switch
        {
            (true, true) => destination.TryWrite(invariant, $"{Name}{(rpm ? '-' : '_')}{Epoch}:{Version}-{Release}{(rpm ? '.' : '_')}{Architecture}", out charsWritten),
            (true, false) => destination.TryWrite(invariant, $"{Name}_{Epoch}:{Version}_{Architecture}", out charsWritten),
            (false, true) => destination.TryWrite(invariant, $"{Name}{(rpm ? '-' : '_')}{Version}-{Release}{(rpm ? '.' : '_')}{Architecture}", out charsWritten),
            (false, false) => destination.TryWrite(invariant, $"{Name}_{Version}_{Architecture}", out charsWritten),
        };
    }

    private static void CheckFormat(ReadOnlySpan<char> format)
    {
        if (!format.IsEmpty)
        {
            throw new FormatException($"InstalledPackage has no format '{format}'.");
        }
    }
}
