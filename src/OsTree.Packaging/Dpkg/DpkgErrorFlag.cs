namespace OsTree.Packaging.Dpkg;

/// <summary>The second word of dpkg's Status field.</summary>
public enum DpkgErrorFlag
{
    /// <summary><c>ok</c>.</summary>
    Ok,

    /// <summary><c>reinstreq</c>: the package is broken and must be reinstalled.</summary>
    ReinstallRequired,
}
