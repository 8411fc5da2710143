namespace OsTree.Packaging;

/// <summary>
/// A package database found inside a tree (a directory, a deployment or a commit), read without ever writing to it.
/// Obtain one with <see cref="PackageDatabase.Open(OsTree.Trees.IFileTree)"/>.
/// </summary>
public interface IPackageDatabase
{
    /// <summary>Where the database was found and in which form.</summary>
    PackageDatabaseLocation Location { get; }

    /// <summary>The package manager the database belongs to.</summary>
    PackageFormat Format { get; }

    /// <summary>
    /// Reads every installed package: for rpm every header but <c>gpg-pubkey</c>; for dpkg every record whose state
    /// is neither <c>not-installed</c> nor <c>config-files</c>. Sorted by name, then architecture (ordinal).
    /// </summary>
    /// <param name="cancellationToken">Cancels a long read.</param>
    /// <returns>The packages.</returns>
    /// <exception cref="InvalidDataException">The database is malformed.</exception>
    IReadOnlyList<InstalledPackage> ReadPackages(CancellationToken cancellationToken = default);

    /// <summary>Reads the paths a package owns (absolute, as the package manager lists them, directories included).</summary>
    /// <param name="package">A package returned by <see cref="ReadPackages"/> of this database.</param>
    /// <param name="cancellationToken">Cancels a long read.</param>
    /// <returns>The paths.</returns>
    /// <exception cref="InvalidDataException">The record is malformed.</exception>
    IReadOnlyList<string> ReadFiles(InstalledPackage package, CancellationToken cancellationToken = default);
}
