using OsTree.Deployments;

namespace OsTree.Packaging.Status;

/// <summary>
/// Measures the space of a sysroot's deployments for <see cref="SystemStatusReader"/>. <see cref="HardLinkSpaceSource"/>
/// counts inodes (hard-link sysroots); a BTRFS sysroot needs extent accounting, which the <c>otree</c> tool plugs in
/// from <c>OsTree.Btrfs</c> (this package does not depend on it).
/// </summary>
public interface IDeploymentSpaceSource
{
    /// <summary>Measures every deployment of <paramref name="sysroot"/> against <paramref name="reference"/>.</summary>
    /// <param name="sysroot">A loaded sysroot with at least one deployment.</param>
    /// <param name="reference">The deployment the others are compared with.</param>
    /// <param name="progress">Receives <c>space</c> progress.</param>
    /// <param name="cancellationToken">Stops the walk.</param>
    /// <returns>The figures, one per deployment in boot order.</returns>
    Task<SysrootSpace> MeasureAsync(Sysroot sysroot, Deployment reference, IProgress<SystemStatusProgress>? progress, CancellationToken cancellationToken);
}
