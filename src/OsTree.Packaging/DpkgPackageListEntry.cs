namespace OsTree.Packaging;

/// <summary>One row of this library's <c>ostree.net.dpkg.pkglist</c> commit metadata, GVariant type <c>(sss)</c>.</summary>
/// <param name="Name">The package name.</param>
/// <param name="Version">The full Debian version, as dpkg prints it (<c>[epoch:]upstream[-revision]</c>).</param>
/// <param name="Architecture">The architecture.</param>
public sealed record DpkgPackageListEntry(string Name, string Version, string Architecture);
