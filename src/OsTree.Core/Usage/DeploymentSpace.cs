namespace OsTree.Usage;

/// <summary>The space figures of one deployment, every inode counted once.</summary>
/// <param name="Id">The deployment's <see cref="DeploymentTree.Id"/>.</param>
/// <param name="Path">The deployment's directory.</param>
/// <param name="IsReference">Whether this is the deployment the others are compared with.</param>
/// <param name="Total">Every inode reachable in the deployment's directory.</param>
/// <param name="SharedWithReference">
/// The inodes also found in the reference deployment (hard links of the same objects); equals
/// <paramref name="Total"/> for the reference itself.
/// </param>
/// <param name="Exclusive">
/// The inodes found in this deployment and in no other one (they may also be repository objects: that is how a
/// hard-link checkout works). Summing the exclusive amounts of several deployments undercounts what deleting them
/// frees; use <see cref="SpaceReport.FreedIfAllOthersDeleted"/> for that.
/// </param>
/// <param name="FreedIfDeleted">
/// What deleting this deployment alone and then cleaning the repository would free: the exclusive inodes, less
/// those a retained tree or retained object keeps, less those with hard links outside everything walked.
/// </param>
public sealed record DeploymentSpace(
    string Id,
    string Path,
    bool IsReference,
    SpaceAmount Total,
    SpaceAmount SharedWithReference,
    SpaceAmount Exclusive,
    SpaceAmount FreedIfDeleted);
