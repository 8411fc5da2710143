namespace OsTree.Packaging;

/// <summary>One package that differs between two trees.</summary>
/// <param name="Kind">How it differs.</param>
/// <param name="Previous">The package in the older tree; <see langword="null"/> when added.</param>
/// <param name="Current">The package in the newer tree; <see langword="null"/> when removed.</param>
public sealed record PackageChange(PackageChangeKind Kind, InstalledPackage? Previous, InstalledPackage? Current)
{
    /// <summary>The package name.</summary>
    public string Name => (Previous ?? Current)!.Name;
}
