using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using OsTree.GVariant;
using OsTree.Packaging.Dpkg;
using OsTree.Packaging.Rpm;

namespace OsTree.Packaging;

/// <summary>
/// The package list stored in a commit's metadata at commit time, so that diffs between commits need no tree walk:
/// rpm-ostree's <c>rpmostree.rpmdb.pkglist</c> (<c>a(sssss)</c>) for rpm, and <c>ostree.net.dpkg.pkglist</c>
/// (<c>a(sss)</c>) for dpkg. This type produces and reads the rows; the GVariant encoding belongs to Core.
/// </summary>
public static class PackageList
{
    /// <summary>rpm-ostree's metadata key.</summary>
    public const string RpmMetadataKey = "rpmostree.rpmdb.pkglist";

    /// <summary>The GVariant type of <see cref="RpmMetadataKey"/>: name, epoch, version, release, arch.</summary>
    public const string RpmGVariantType = "a(sssss)";

    /// <summary>This library's metadata key for dpkg trees.</summary>
    public const string DpkgMetadataKey = "ostree.net.dpkg.pkglist";

    /// <summary>The GVariant type of <see cref="DpkgMetadataKey"/>: name, version, arch.</summary>
    public const string DpkgGVariantType = "a(sss)";

    /// <summary>
    /// rpm-ostree's rows: every package but <c>gpg-pubkey</c>, the epoch as a decimal string (<c>"0"</c> when none),
    /// sorted by name, then version, then architecture.
    /// </summary>
    /// <param name="packages">rpm packages.</param>
    /// <returns>The rows.</returns>
    /// <exception cref="ArgumentException">A package is not an rpm package.</exception>
    public static IReadOnlyList<RpmPackageListEntry> CreateRpmRows(IEnumerable<InstalledPackage> packages)
    {
        ArgumentNullException.ThrowIfNull(packages);
        var list = packages.ToList();
        if (list.Any(p => p.Format != PackageFormat.Rpm))
        {
            throw new ArgumentException("Only rpm packages go into rpmostree.rpmdb.pkglist.", nameof(packages));
        }

        return Sorted(list.Where(p => p.Name != RpmDatabase.GpgPubkeyName))
            .Select(p => new RpmPackageListEntry(p.Name, p.Epoch.ToString(CultureInfo.InvariantCulture), p.Version, p.Release, p.Architecture))
            .ToList();
    }

    /// <summary>The dpkg rows: every present package, sorted by name, then version, then architecture.</summary>
    /// <param name="packages">dpkg packages.</param>
    /// <returns>The rows.</returns>
    /// <exception cref="ArgumentException">A package is not a dpkg package.</exception>
    public static IReadOnlyList<DpkgPackageListEntry> CreateDpkgRows(IEnumerable<InstalledPackage> packages)
    {
        ArgumentNullException.ThrowIfNull(packages);
        var list = packages.ToList();
        if (list.Any(p => p.Format != PackageFormat.Dpkg))
        {
            throw new ArgumentException("Only dpkg packages go into ostree.net.dpkg.pkglist.", nameof(packages));
        }

        return Sorted(list).Select(p => new DpkgPackageListEntry(p.Name, p.Evr, p.Architecture)).ToList();
    }

    /// <summary>Turns stored rpm rows back into packages, for <see cref="PackageDiff.Compute(IEnumerable{InstalledPackage}, IEnumerable{InstalledPackage})"/>.</summary>
    /// <param name="rows">The rows.</param>
    /// <returns>The packages (no header digests, so rebuilds are not detected).</returns>
    /// <exception cref="FormatException">An epoch is not a decimal number.</exception>
    public static IReadOnlyList<InstalledPackage> ReadRpmRows(IEnumerable<RpmPackageListEntry> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return rows.Select(r => new InstalledPackage(
            PackageFormat.Rpm,
            r.Name,
            uint.TryParse(r.Epoch, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch) ? epoch : throw new FormatException($"Epoch '{r.Epoch}' of {r.Name} is not a number."),
            r.Version,
            r.Release,
            r.Architecture)).ToList();
    }

    /// <summary>Turns stored dpkg rows back into packages.</summary>
    /// <param name="rows">The rows.</param>
    /// <returns>The packages.</returns>
    /// <exception cref="FormatException">A version is not a valid Debian version.</exception>
    public static IReadOnlyList<InstalledPackage> ReadDpkgRows(IEnumerable<DpkgPackageListEntry> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return rows.Select(r =>
        {
            var v = DpkgVersion.Parse(r.Version);
            return new InstalledPackage(PackageFormat.Dpkg, r.Name, (uint)v.Epoch, v.Upstream, v.Revision, r.Architecture);
        }).ToList();
    }

    /// <summary>
    /// Returns commit metadata with the package list of <paramref name="packages"/> stored under
    /// <see cref="RpmMetadataKey"/> or <see cref="DpkgMetadataKey"/>, as <c>otree commit --add-package-list</c> does.
    /// </summary>
    /// <param name="metadata">The commit metadata so far.</param>
    /// <param name="packages">The packages read from the tree being committed (all of one format).</param>
    /// <returns>The new metadata.</returns>
    public static GVariantDictionary AddToMetadata(GVariantDictionary metadata, IReadOnlyList<InstalledPackage> packages)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(packages);
        var dpkg = packages.Count > 0 && packages[0].Format == PackageFormat.Dpkg;
        return dpkg
            ? metadata.With(DpkgMetadataKey, ToGVariant(CreateDpkgRows(packages)))
            : metadata.With(RpmMetadataKey, ToGVariant(CreateRpmRows(packages)));
    }

    /// <summary>
    /// Reads the package list stored in commit metadata, if any (<see cref="RpmMetadataKey"/> first, then
    /// <see cref="DpkgMetadataKey"/>), so a diff between commits needs no tree walk; fall back to the tree otherwise.
    /// </summary>
    /// <param name="metadata">The commit metadata.</param>
    /// <param name="packages">The packages, when a list is stored.</param>
    /// <returns><see langword="true"/> if the commit carries a package list.</returns>
    /// <exception cref="InvalidDataException">A stored list has the wrong type or a malformed row.</exception>
    public static bool TryReadFromMetadata(GVariantDictionary metadata, [NotNullWhen(true)] out IReadOnlyList<InstalledPackage>? packages)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        packages = null;
        try
        {
            if (metadata.TryGetValue(RpmMetadataKey, out var rpm))
            {
                packages = ReadRpmRows(ReadRpmGVariant(rpm));
            }
            else if (metadata.TryGetValue(DpkgMetadataKey, out var dpkg))
            {
                packages = ReadDpkgRows(ReadDpkgGVariant(dpkg));
            }
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"The package list in the commit metadata is malformed: {e.Message}", e);
        }

        return packages is not null;
    }

    /// <summary>Encodes rpm rows as the <c>a(sssss)</c> value stored under <see cref="RpmMetadataKey"/>.</summary>
    /// <param name="rows">The rows, in the order to store them.</param>
    /// <returns>The GVariant value.</returns>
    public static GVariantValue ToGVariant(IEnumerable<RpmPackageListEntry> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return GVariantValue.FromArray(RpmRowType, rows.Select(r => GVariantValue.FromTuple(
            GVariantValue.FromString(r.Name),
            GVariantValue.FromString(r.Epoch),
            GVariantValue.FromString(r.Version),
            GVariantValue.FromString(r.Release),
            GVariantValue.FromString(r.Architecture))));
    }

    /// <summary>Encodes dpkg rows as the <c>a(sss)</c> value stored under <see cref="DpkgMetadataKey"/>.</summary>
    /// <param name="rows">The rows, in the order to store them.</param>
    /// <returns>The GVariant value.</returns>
    public static GVariantValue ToGVariant(IEnumerable<DpkgPackageListEntry> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return GVariantValue.FromArray(DpkgRowType, rows.Select(r => GVariantValue.FromTuple(
            GVariantValue.FromString(r.Name),
            GVariantValue.FromString(r.Version),
            GVariantValue.FromString(r.Architecture))));
    }

    /// <summary>Decodes the value stored under <see cref="RpmMetadataKey"/>.</summary>
    /// <param name="value">The metadata value (a variant's content is unwrapped).</param>
    /// <returns>The rows.</returns>
    /// <exception cref="InvalidDataException">The value is not an <c>a(sssss)</c>.</exception>
    public static IReadOnlyList<RpmPackageListEntry> ReadRpmGVariant(GVariantValue value)
    {
        var items = Rows(value, RpmRowType);
        return items.Select(t => new RpmPackageListEntry(t[0].GetString(), t[1].GetString(), t[2].GetString(), t[3].GetString(), t[4].GetString())).ToList();
    }

    /// <summary>Decodes the value stored under <see cref="DpkgMetadataKey"/>.</summary>
    /// <param name="value">The metadata value (a variant's content is unwrapped).</param>
    /// <returns>The rows.</returns>
    /// <exception cref="InvalidDataException">The value is not an <c>a(sss)</c>.</exception>
    public static IReadOnlyList<DpkgPackageListEntry> ReadDpkgGVariant(GVariantValue value)
    {
        var items = Rows(value, DpkgRowType);
        return items.Select(t => new DpkgPackageListEntry(t[0].GetString(), t[1].GetString(), t[2].GetString())).ToList();
    }

    private static readonly GVariantType RpmRowType = GVariantType.Parse("(sssss)");
    private static readonly GVariantType DpkgRowType = GVariantType.Parse("(sss)");

    private static IEnumerable<IReadOnlyList<GVariantValue>> Rows(GVariantValue value, GVariantType rowType)
    {
        ArgumentNullException.ThrowIfNull(value);
        while (value.Type.Equals(GVariantType.Variant))
        {
            value = value.GetVariant();
        }

        if (!value.Type.Equals(GVariantType.ArrayOf(rowType)))
        {
            throw new InvalidDataException($"A package list must be '{GVariantType.ArrayOf(rowType)}', not '{value.Type}'.");
        }

        return value.Items.Select(i => i.Items);
    }

    private static IEnumerable<InstalledPackage> Sorted(IEnumerable<InstalledPackage> packages)
        => packages.Order(Comparer<InstalledPackage>.Create(static (x, y) =>
        {
            var rc = string.CompareOrdinal(x.Name, y.Name);
            if (rc == 0)
            {
                rc = x.CompareVersionTo(y);
            }

            return rc != 0 ? rc : string.CompareOrdinal(x.Architecture, y.Architecture);
        }));
}
