using OsTree.Deployments;
using OsTree.Objects;

namespace OsTree.Usage;

/// <summary>What a <see cref="SpaceAccountant"/> walks and how it attributes what it finds.</summary>
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

    /// <summary>
    /// The request for a whole sysroot: every deployment of every stateroot, its repository, and each stateroot's
    /// <c>var</c> as a retained tree. Deployment ids are libostree's <c>$checksum.$serial</c>.
    /// </summary>
    /// <param name="sysroot">A loaded sysroot.</param>
    /// <param name="reference">
    /// The deployment to compare with; by default the booted one, or the one that boots next when none is.
    /// </param>
    /// <returns>
    /// The request, with <see cref="RetainedContentObjects"/> set to the content of every ref's commit other than the
    /// deployment refs (<c>ostree/B/S/N</c>): libostree's sysroot cleanup prunes with refs only and depth 0, so those
    /// objects stay whatever deployments are deleted.
    /// </returns>
    /// <exception cref="ArgumentException">The sysroot has no deployment, or <paramref name="reference"/> is not one of them.</exception>
    /// <exception cref="InvalidDataException">A ref or a metadata object of the repository is malformed.</exception>
    public static SpaceAccountingRequest ForSysroot(Sysroot sysroot, Deployment? reference = null)
    {
        ArgumentNullException.ThrowIfNull(sysroot);
        if (sysroot.Deployments.Count == 0)
        {
            throw new ArgumentException($"The sysroot at '{sysroot.Path}' has no deployments.", nameof(sysroot));
        }

        reference ??= sysroot.BootedDeployment ?? sysroot.Deployments[0];
        if (!sysroot.Deployments.Any(d => d.IsSameDeployment(reference)))
        {
            throw new ArgumentException($"{reference} is not a deployment of '{sysroot.Path}'.", nameof(reference));
        }

        return new SpaceAccountingRequest
        {
            Deployments = SysrootTrees.Of(sysroot),
            ReferenceId = SysrootTrees.IdOf(sysroot, reference),
            RepositoryPath = sysroot.RepositoryPath,
            RetainedTrees = SysrootTrees.StaterootVars(sysroot),
            RetainedContentObjects = Directory.Exists(Path.Combine(sysroot.RepositoryPath, "objects"))
                ? RefReachability.ContentOfRefs(sysroot.RepositoryPath, CancellationToken.None)
                : [],
        };
    }
}
