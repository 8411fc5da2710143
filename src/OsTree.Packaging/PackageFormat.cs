namespace OsTree.Packaging;

/// <summary>The package manager whose database a tree carries.</summary>
public enum PackageFormat
{
    /// <summary>rpm (Fedora, RHEL, CentOS, openSUSE, Fedora CoreOS …).</summary>
    Rpm,

    /// <summary>dpkg (Debian, Ubuntu, Endless OS, apt-based bootc images …).</summary>
    Dpkg,
}
