namespace OsTree.Packaging;

/// <summary>Where in a tree a package database was found, and in which form.</summary>
/// <param name="Kind">The database's on-disk form.</param>
/// <param name="ProbedPath">The conventional path that led to it (for example <c>var/lib/rpm</c>), relative to the tree's root.</param>
/// <param name="Path">
/// The directory that holds the database once symbolic links are resolved inside the tree (for example
/// <c>usr/share/rpm</c>), relative to the tree's root.
/// </param>
/// <param name="Warnings">Anything odd noticed while choosing it, such as a stale database of another backend next to it.</param>
public sealed record PackageDatabaseLocation(PackageDatabaseKind Kind, string ProbedPath, string Path, IReadOnlyList<string> Warnings)
{
    /// <summary>The package manager the database belongs to.</summary>
    public PackageFormat Format => Kind is PackageDatabaseKind.RpmSqlite or PackageDatabaseKind.RpmBerkeleyDb ? PackageFormat.Rpm : PackageFormat.Dpkg;

    /// <summary>The database file itself (or directory, for <see cref="PackageDatabaseKind.DpkgStatusDirectory"/>), relative to the tree's root.</summary>
    public string DatabasePath => Kind switch
    {
        PackageDatabaseKind.DpkgStatus => Join(Path, "status"),
        PackageDatabaseKind.DpkgStatusDirectory => Join(Path, "status.d"),
        PackageDatabaseKind.RpmSqlite => Join(Path, "rpmdb.sqlite"),
        _ => Join(Path, "Packages"),
    };

    /// <summary>A one-line description, such as <c>rpm sqlite at usr/share/rpm/rpmdb.sqlite (via var/lib/rpm)</c>.</summary>
    public string Description
    {
        get
        {
            var what = Kind switch
            {
                PackageDatabaseKind.DpkgStatus => "dpkg status",
                PackageDatabaseKind.DpkgStatusDirectory => "dpkg status.d",
                PackageDatabaseKind.RpmSqlite => "rpm sqlite",
                _ => "rpm bdb",
            };
            return ProbedPath == Path ? $"{what} at /{DatabasePath}" : $"{what} at /{DatabasePath} (via /{ProbedPath})";
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Description;

    private static string Join(string directory, string name) => directory.Length == 0 ? name : directory + "/" + name;
}
