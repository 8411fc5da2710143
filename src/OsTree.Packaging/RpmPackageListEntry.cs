namespace OsTree.Packaging;

/// <summary>One row of rpm-ostree's <c>rpmostree.rpmdb.pkglist</c> commit metadata, GVariant type <c>(sssss)</c>.</summary>
/// <param name="Name">The package name.</param>
/// <param name="Epoch">The epoch as a decimal string, <c>"0"</c> when the package has none.</param>
/// <param name="Version">The version.</param>
/// <param name="Release">The release.</param>
/// <param name="Architecture">The architecture.</param>
public sealed record RpmPackageListEntry(string Name, string Epoch, string Version, string Release, string Architecture);
