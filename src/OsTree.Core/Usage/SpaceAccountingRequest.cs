using OsTree.Objects;

namespace OsTree.Usage;

/// <summary>What <see cref="SpaceAccountant.MeasureAsync"/> walks and how it attributes what it finds.</summary>
public sealed record SpaceAccountingRequest
{
    /// <summary>The largest number of deployments one request can hold.</summary>
    public const int MaxDeployments = 64;

    /// <summary>
    /// Every deployment that keeps repository objects alive: all of them, of every stateroot. A deployment left out
    /// makes the objects it links look shared with something unknown, so they are never counted as freeable.
    /// </summary>
    public required IReadOnlyList<DeploymentTree> Deployments { get; init; }

    /// <summary>
    /// The <see cref="DeploymentTree.Id"/> the others are compared with: the booted deployment, or the one that
    /// boots next when none is booted.
    /// </summary>
    public required string ReferenceId { get; init; }

    /// <summary>
    /// The repository the deployments were checked out from (the sysroot's <c>ostree/repo</c>); its <c>objects/</c>
    /// directory is walked. <see langword="null"/> to account for the deployments alone.
    /// </summary>
    public string? RepositoryPath { get; init; }

    /// <summary>
    /// Other directories that stay when deployments are deleted, such as a stateroot's <c>var</c>. Their inodes
    /// are counted in <see cref="SpaceTotals.All"/> and are never freeable.
    /// </summary>
    public IReadOnlyList<string> RetainedTrees { get; init; } = [];

    /// <summary>
    /// Content objects that survive a cleanup whatever happens to the deployments, because a ref (not a
    /// deployment) still reaches them. Their inodes are never counted as freeable.
    /// </summary>
    public IReadOnlyCollection<Checksum> RetainedContentObjects { get; init; } = [];

    /// <summary>
    /// Whether to stay on the filesystem of each tree's root, as <c>du -x</c> does (the default). A directory on
    /// another filesystem (a mount point inside a tree) is neither counted nor entered.
    /// </summary>
    public bool OneFileSystem { get; init; } = true;
}
