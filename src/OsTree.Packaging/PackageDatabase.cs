using System.Diagnostics.CodeAnalysis;
using OsTree.Packaging.Dpkg;
using OsTree.Packaging.Internal;
using OsTree.Packaging.Rpm;
using OsTree.Packaging.Rpm.Internal;
using OsTree.Trees;

namespace OsTree.Packaging;

/// <summary>
/// Finds the package database of a tree wherever image-based systems keep it, and opens it. Paths are resolved inside
/// the tree, so links such as <c>var/lib/rpm -&gt; ../../usr/share/rpm</c> work on commits as on directories.
/// </summary>
public static class PackageDatabase
{
    /// <summary>Where dpkg's admin directory is looked for, in order.</summary>
    public static IReadOnlyList<string> DpkgProbePaths { get; } =
        ["var/lib/dpkg", "usr/lib/sysimage/dpkg", "usr/share/dpkg/database", "usr/rootdirs/var/lib/dpkg"];

    /// <summary>Where rpm's database directory is looked for, in order, after any <c>%_dbpath</c> set in the tree's macros.</summary>
    public static IReadOnlyList<string> RpmProbePaths { get; } =
        ["usr/lib/sysimage/rpm", "var/lib/rpm", "usr/share/rpm"];

    /// <summary>Opens the tree's package database.</summary>
    /// <param name="tree">A directory, a deployment or a commit.</param>
    /// <returns>The database; see its <see cref="IPackageDatabase.Location"/> for where it was found.</returns>
    /// <exception cref="PackageDatabaseNotFoundException">The tree has neither an rpm nor a dpkg database.</exception>
    /// <remarks>
    /// When a tree carries both (an rpm database on a Debian system, say), the one whose main file is larger wins, and
    /// its location carries a warning naming the other; use <see cref="Detect"/> to choose yourself.
    /// </remarks>
    public static IPackageDatabase Open(IFileTree tree)
        => TryOpen(tree, out var database) ? database : throw new PackageDatabaseNotFoundException(
            $"No rpm or dpkg database in {tree.Description} (looked in {string.Join(", ", RpmProbePaths.Concat(DpkgProbePaths).Select(p => "/" + p))}).");

    /// <summary>Opens the tree's package database of one format.</summary>
    /// <param name="tree">A directory, a deployment or a commit.</param>
    /// <param name="format">The package manager.</param>
    /// <returns>The database.</returns>
    /// <exception cref="PackageDatabaseNotFoundException">The tree has no database of that format.</exception>
    public static IPackageDatabase Open(IFileTree tree, PackageFormat format)
    {
        ArgumentNullException.ThrowIfNull(tree);
        var location = Detect(tree).FirstOrDefault(l => l.Format == format)
            ?? throw new PackageDatabaseNotFoundException($"No {(format == PackageFormat.Rpm ? "rpm" : "dpkg")} database in {tree.Description}.");
        return Open(tree, location);
    }

    /// <summary>Opens the database at a location found by <see cref="Detect"/>.</summary>
    /// <param name="tree">The tree.</param>
    /// <param name="location">The location.</param>
    /// <returns>The database.</returns>
    public static IPackageDatabase Open(IFileTree tree, PackageDatabaseLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        return location.Format == PackageFormat.Rpm ? new RpmDatabase(tree, location) : new DpkgDatabase(tree, location);
    }

    /// <summary>Opens the tree's package database, if it has one.</summary>
    /// <param name="tree">A directory, a deployment or a commit.</param>
    /// <param name="database">The database, when found.</param>
    /// <returns><see langword="true"/> if a database was found.</returns>
    public static bool TryOpen(IFileTree tree, [NotNullWhen(true)] out IPackageDatabase? database)
    {
        ArgumentNullException.ThrowIfNull(tree);
        database = null;
        var found = Detect(tree);
        var rpm = found.FirstOrDefault(l => l.Format == PackageFormat.Rpm);
        var dpkg = found.FirstOrDefault(l => l.Format == PackageFormat.Dpkg);
        if (rpm is null && dpkg is null)
        {
            return false;
        }

        PackageDatabaseLocation chosen;
        if (rpm is not null && dpkg is not null)
        {
            var rpmWins = MainFileSize(tree, rpm) > MainFileSize(tree, dpkg);
            var (winner, loser) = rpmWins ? (rpm, dpkg) : (dpkg, rpm);
            chosen = winner with { Warnings = [.. winner.Warnings, $"the tree also has a {loser.Description}; using the larger database"] };
        }
        else
        {
            chosen = rpm ?? dpkg!;
        }

        database = Open(tree, chosen);
        return true;
    }

    /// <summary>Lists the package databases the tree has: at most one rpm database, then at most one dpkg database.</summary>
    /// <param name="tree">A directory, a deployment or a commit.</param>
    /// <returns>The locations found, each with any warnings (stale databases of another backend, and so on).</returns>
    public static IReadOnlyList<PackageDatabaseLocation> Detect(IFileTree tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        var result = new List<PackageDatabaseLocation>(2);
        if (DetectRpm(tree) is { } rpm)
        {
            result.Add(rpm);
        }

        if (DetectDpkg(tree) is { } dpkg)
        {
            result.Add(dpkg);
        }

        return result;
    }

    private static PackageDatabaseLocation? DetectRpm(IFileTree tree)
    {
        var warnings = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var probe in RpmMacros.DbPaths(tree).Concat(RpmProbePaths))
        {
            if (!TreeFiles.TryResolveDirectory(tree, probe, out var dir) || !seen.Add(dir))
            {
                continue;
            }

            var sqlite = TreeFiles.TryResolveFile(tree, TreeFiles.Join(dir, "rpmdb.sqlite"), out _, out _);
            var ndb = TreeFiles.TryResolveFile(tree, TreeFiles.Join(dir, "Packages.db"), out _, out _);
            var bdb = TreeFiles.TryResolveFile(tree, TreeFiles.Join(dir, "Packages"), out _, out _);
            if (sqlite)
            {
                if (ndb)
                {
                    warnings.Add($"a stale ndb /{dir}/Packages.db lies next to rpmdb.sqlite; ignored");
                }

                if (bdb)
                {
                    warnings.Add($"a stale Berkeley DB /{dir}/Packages lies next to rpmdb.sqlite; ignored");
                }

                return new PackageDatabaseLocation(PackageDatabaseKind.RpmSqlite, probe, dir, warnings);
            }

            if (ndb)
            {
                // Debian's rpm can neither write nor read ndb, so there is no faithful fixture to test a reader against.
                warnings.Add($"/{dir}/Packages.db is an ndb database, which this library does not read");
                if (!bdb)
                {
                    continue;
                }

                warnings.Add($"using the Berkeley DB /{dir}/Packages next to it, which may be stale");
            }

            if (bdb)
            {
                return new PackageDatabaseLocation(PackageDatabaseKind.RpmBerkeleyDb, probe, dir, warnings);
            }
        }

        return null;
    }

    private static PackageDatabaseLocation? DetectDpkg(IFileTree tree)
    {
        PackageDatabaseLocation? emptyOne = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var probe in DpkgProbePaths)
        {
            if (!TreeFiles.TryResolveDirectory(tree, probe, out var dir) || !seen.Add(dir))
            {
                continue;
            }

            if (TreeFiles.TryResolveFile(tree, TreeFiles.Join(dir, "status"), out _, out var size))
            {
                var location = new PackageDatabaseLocation(PackageDatabaseKind.DpkgStatus, probe, dir, []);
                if (size > 0 || HasUpdates(tree, dir))
                {
                    return emptyOne is null ? location : location with { Warnings = [$"{emptyOne.Description} is empty; using this one"] };
                }

                emptyOne ??= location;
                continue;
            }

            if (TreeFiles.TryResolveDirectory(tree, TreeFiles.Join(dir, "status.d"), out _))
            {
                return new PackageDatabaseLocation(PackageDatabaseKind.DpkgStatusDirectory, probe, dir, []);
            }
        }

        return emptyOne;
    }

    private static bool HasUpdates(IFileTree tree, string dir)
        => TreeFiles.TryResolveDirectory(tree, TreeFiles.Join(dir, "updates"), out var updates)
            && tree.EnumerateDirectory(updates).Any(e => e.Name.Length > 0 && e.Name.All(char.IsAsciiDigit));

    private static long MainFileSize(IFileTree tree, PackageDatabaseLocation location)
        => TreeFiles.TryResolveFile(tree, location.DatabasePath, out _, out var size) ? size : 0;
}
