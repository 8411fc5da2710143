namespace OsTree.Packaging.Dpkg;

/// <summary>dpkg's Multi-Arch field.</summary>
public enum DpkgMultiArch
{
    /// <summary>No Multi-Arch field, or <c>no</c>.</summary>
    No,

    /// <summary><c>same</c>: co-installable for several architectures; identified as <c>name:arch</c>.</summary>
    Same,

    /// <summary><c>foreign</c>.</summary>
    Foreign,

    /// <summary><c>allowed</c>.</summary>
    Allowed,
}
