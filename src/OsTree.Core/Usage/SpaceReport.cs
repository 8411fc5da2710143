namespace OsTree.Usage;

/// <summary>
/// Where the space of a hard-link sysroot goes, counting every inode once: per deployment, for the repository,
/// and the headline figure "what deleting every deployment but the reference would free".
/// </summary>
/// <param name="ReferenceId">The deployment the others are compared with (booted, or next to boot).</param>
/// <param name="Deployments">One entry per deployment, in the order of the request.</param>
/// <param name="Repository">The repository's objects, when a repository was given.</param>
/// <param name="Totals">A partition of everything walked, which adds up to what <c>du</c> counts.</param>
/// <param name="BeyondReference">
/// The inodes of the other deployments that the reference does not have: how much more than the reference the
/// other deployments take.
/// </param>
/// <param name="FreedIfAllOthersDeleted">
/// The headline: what deleting every deployment except the reference, then cleaning the repository, would free.
/// It is <see cref="BeyondReference"/> less what retained trees, retained objects or unknown hard links keep. It is
/// not the sum of the per-deployment <see cref="DeploymentSpace.FreedIfDeleted"/>, which misses what the others
/// share among themselves.
/// </param>
/// <param name="InodesWithOutsideLinks">
/// Files whose link count is higher than the number of links the walk found: something outside (another
/// repository, a deployment left out of the request, a user's hard link) keeps them, so they are never freeable.
/// </param>
/// <param name="SkippedEntries">Entries that vanished during the walk or could not be read; they are not counted.</param>
public sealed record SpaceReport(
    string ReferenceId,
    IReadOnlyList<DeploymentSpace> Deployments,
    RepositorySpace? Repository,
    SpaceTotals Totals,
    SpaceAmount BeyondReference,
    SpaceAmount FreedIfAllOthersDeleted,
    long InodesWithOutsideLinks,
    long SkippedEntries);
