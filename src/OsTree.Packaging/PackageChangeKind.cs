namespace OsTree.Packaging;

/// <summary>How a package differs between two trees. The numbers of the first four are rpm-ostree's.</summary>
public enum PackageChangeKind
{
    /// <summary>Only in the newer tree.</summary>
    Added = 0,

    /// <summary>Only in the older tree.</summary>
    Removed = 1,

    /// <summary>A newer version in the newer tree.</summary>
    Upgraded = 2,

    /// <summary>An older version in the newer tree.</summary>
    Downgraded = 3,

    /// <summary>The same version, but a different build (rpm: another SHA256HEADER).</summary>
    Rebuilt = 4,
}
