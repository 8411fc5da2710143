namespace OsTree.Usage;

/// <summary>
/// A partition of every inode walked: <see cref="SharedBetweenDeployments"/> + <see cref="ExclusiveToOneDeployment"/> +
/// <see cref="RepositoryOnly"/> + <see cref="RetainedTreesOnly"/> = <see cref="All"/>, which is what
/// <c>du -s -B1</c> over the same directories counts (<c>du</c> counts an inode once across its arguments).
/// </summary>
/// <param name="All">Every inode of every tree walked, once.</param>
/// <param name="SharedBetweenDeployments">Inodes found in two deployments or more.</param>
/// <param name="ExclusiveToOneDeployment">Inodes found in exactly one deployment: the sum of every <see cref="DeploymentSpace.Exclusive"/>.</param>
/// <param name="RepositoryOnly">Repository inodes found in no deployment.</param>
/// <param name="RetainedTreesOnly">Inodes of the retained trees found in no deployment and not in the repository.</param>
public sealed record SpaceTotals(
    SpaceAmount All,
    SpaceAmount SharedBetweenDeployments,
    SpaceAmount ExclusiveToOneDeployment,
    SpaceAmount RepositoryOnly,
    SpaceAmount RetainedTreesOnly);
