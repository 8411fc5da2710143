using OsTree.Trees;

namespace OsTree.Packaging;

/// <summary>
/// The difference between the packages of two trees, computed as rpm-ostree computes it: both lists sorted by name,
/// a package is modified when name and architecture match (or when a lone package of that name changed
/// architecture; multilib sets are reported as removals and additions), <c>gpg-pubkey</c> is skipped, and an epoch
/// of 0 equals no epoch. Packages with the same version but a different header digest are reported as rebuilt.
/// </summary>
public sealed class PackageDiff
{
    private PackageDiff(IReadOnlyList<PackageChange> changes)
    {
        Changes = changes;
    }

    /// <summary>Every change, sorted by name, with modifications in rpm-ostree's pairing.</summary>
    public IReadOnlyList<PackageChange> Changes { get; }

    /// <summary>The packages only in the newer tree.</summary>
    public IEnumerable<PackageChange> Added => Of(PackageChangeKind.Added);

    /// <summary>The packages only in the older tree.</summary>
    public IEnumerable<PackageChange> Removed => Of(PackageChangeKind.Removed);

    /// <summary>The packages with a newer version.</summary>
    public IEnumerable<PackageChange> Upgraded => Of(PackageChangeKind.Upgraded);

    /// <summary>The packages with an older version.</summary>
    public IEnumerable<PackageChange> Downgraded => Of(PackageChangeKind.Downgraded);

    /// <summary>The packages with the same version but a different build.</summary>
    public IEnumerable<PackageChange> Rebuilt => Of(PackageChangeKind.Rebuilt);

    /// <summary>Whether nothing changed.</summary>
    public bool IsEmpty => Changes.Count == 0;

    /// <summary>rpm-ostree's one-line summary, such as <c>2 upgraded, 1 removed, 1 added</c> (empty when nothing changed).</summary>
    /// <returns>The summary.</returns>
    public string Summarize()
    {
        var parts = new List<string>(5);
        void Add(PackageChangeKind kind, string word)
        {
            var n = Changes.Count(c => c.Kind == kind);
            if (n > 0)
            {
                parts.Add($"{n} {word}");
            }
        }

        Add(PackageChangeKind.Upgraded, "upgraded");
        Add(PackageChangeKind.Downgraded, "downgraded");
        Add(PackageChangeKind.Removed, "removed");
        Add(PackageChangeKind.Added, "added");
        Add(PackageChangeKind.Rebuilt, "rebuilt");
        return string.Join(", ", parts);
    }

    /// <summary>Diffs the package databases of two trees.</summary>
    /// <param name="from">The older tree.</param>
    /// <param name="to">The newer tree.</param>
    /// <param name="cancellationToken">Cancels a long read.</param>
    /// <returns>The difference.</returns>
    /// <exception cref="PackageDatabaseNotFoundException">A tree has no package database.</exception>
    /// <exception cref="InvalidDataException">A database is malformed.</exception>
    public static PackageDiff Compute(IFileTree from, IFileTree to, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var a = PackageDatabase.Open(from);
        var b = PackageDatabase.Open(to, a.Format);
        return Compute(a.ReadPackages(cancellationToken), b.ReadPackages(cancellationToken));
    }

    /// <summary>Diffs two package lists (read from databases, or from commit metadata with <see cref="PackageList"/>).</summary>
    /// <param name="from">The older tree's packages.</param>
    /// <param name="to">The newer tree's packages.</param>
    /// <returns>The difference.</returns>
    /// <exception cref="ArgumentException">The lists mix rpm and dpkg packages.</exception>
    public static PackageDiff Compute(IEnumerable<InstalledPackage> from, IEnumerable<InstalledPackage> to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var a = Prepare(from);
        var b = Prepare(to);
        var format = a.Count > 0 ? a[0].Format : b.Count > 0 ? b[0].Format : PackageFormat.Rpm;
        if (a.Concat(b).Any(p => p.Format != format))
        {
            throw new ArgumentException("Cannot diff rpm packages against dpkg packages.", nameof(to));
        }

        var changes = new List<PackageChange>();
        int i = 0, j = 0;
        while (i < a.Count && j < b.Count)
        {
            var pa = a[i];
            var pb = b[j];
            var cmp = string.CompareOrdinal(pa.Name, pb.Name);
            if (cmp < 0)
            {
                changes.Add(new PackageChange(PackageChangeKind.Removed, pa, null));
                i++;
                continue;
            }

            if (cmp > 0)
            {
                changes.Add(new PackageChange(PackageChangeKind.Added, null, pb));
                j++;
                continue;
            }

            cmp = string.CompareOrdinal(pa.Architecture, pb.Architecture);
            if (cmp == 0 || (IsLone(a, i) && IsLone(b, j)))
            {
                if (Modified(pa, pb) is { } change)
                {
                    changes.Add(change);
                }

                i++;
                j++;
            }
            else if (cmp < 0)
            {
                changes.Add(new PackageChange(PackageChangeKind.Removed, pa, null));
                i++;
            }
            else
            {
                changes.Add(new PackageChange(PackageChangeKind.Added, null, pb));
                j++;
            }
        }

        for (; i < a.Count; i++)
        {
            changes.Add(new PackageChange(PackageChangeKind.Removed, a[i], null));
        }

        for (; j < b.Count; j++)
        {
            changes.Add(new PackageChange(PackageChangeKind.Added, null, b[j]));
        }

        return new PackageDiff(changes);
    }

    private static PackageChange? Modified(InstalledPackage pa, InstalledPackage pb)
    {
        var rc = pa.CompareVersionTo(pb);
        if (rc < 0)
        {
            return new PackageChange(PackageChangeKind.Upgraded, pa, pb);
        }

        if (rc > 0)
        {
            return new PackageChange(PackageChangeKind.Downgraded, pa, pb);
        }

        // rpm-ostree breaks an EVR tie on the architecture string; a lone package that only changed architecture is
        // reported as an upgrade or downgrade the same way.
        var arch = string.CompareOrdinal(pa.Architecture, pb.Architecture);
        if (arch != 0)
        {
            return new PackageChange(arch < 0 ? PackageChangeKind.Upgraded : PackageChangeKind.Downgraded, pa, pb);
        }

        var rebuilt = pa.HeaderSha256 is not null && pb.HeaderSha256 is not null && !string.Equals(pa.HeaderSha256, pb.HeaderSha256, StringComparison.OrdinalIgnoreCase);
        return rebuilt ? new PackageChange(PackageChangeKind.Rebuilt, pa, pb) : null;
    }

    // rpm-ostree's next_pkg_has_different_name(): only the following entry is looked at.
    private static bool IsLone(List<InstalledPackage> list, int index)
        => index + 1 >= list.Count || list[index + 1].Name != list[index].Name;

    private static List<InstalledPackage> Prepare(IEnumerable<InstalledPackage> packages)
    {
        var list = packages.Where(p => !(p.Format == PackageFormat.Rpm && p.Name == Rpm.RpmDatabase.GpgPubkeyName)).ToList();

        // rpm-ostree's order: name (strcmp), then EVR, then architecture.
        list.Sort(static (x, y) =>
        {
            var rc = string.CompareOrdinal(x.Name, y.Name);
            if (rc != 0)
            {
                return rc;
            }

            if (x.Format == y.Format)
            {
                rc = x.CompareVersionTo(y);
                if (rc != 0)
                {
                    return rc;
                }
            }

            return string.CompareOrdinal(x.Architecture, y.Architecture);
        });
        return list;
    }

    private IEnumerable<PackageChange> Of(PackageChangeKind kind) => Changes.Where(c => c.Kind == kind);
}
