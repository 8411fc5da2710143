namespace OsTree.Deployments;

/// <summary>Wires the BTRFS deployment backend into a <see cref="Sysroot"/>.</summary>
public static class BtrfsSysrootOptionsExtensions
{
    /// <summary>
    /// Returns a copy of <paramref name="options"/> whose deployments are BTRFS subvolumes (snapshots of the previous
    /// deployment with only the commit difference applied). The backend configured so far, or the hard-link checkout,
    /// serves where the sysroot is not on BTRFS.
    /// </summary>
    /// <param name="options">The options to extend.</param>
    /// <returns>New options with <see cref="SysrootOptions.Backend"/> set to a <see cref="BtrfsDeploymentBackend"/>.</returns>
    public static SysrootOptions UseBtrfs(this SysrootOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new SysrootOptions
        {
            Logger = options.Logger,
            Backend = new BtrfsDeploymentBackend(options.Backend),
        };
    }
}
