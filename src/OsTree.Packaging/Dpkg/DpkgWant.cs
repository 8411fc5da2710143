namespace OsTree.Packaging.Dpkg;

/// <summary>The first word of dpkg's Status field: what the administrator wants.</summary>
public enum DpkgWant
{
    /// <summary><c>unknown</c>.</summary>
    Unknown,

    /// <summary><c>install</c>.</summary>
    Install,

    /// <summary><c>hold</c>.</summary>
    Hold,

    /// <summary><c>deinstall</c>.</summary>
    Deinstall,

    /// <summary><c>purge</c>.</summary>
    Purge,
}
