namespace OsTree.Deployments;

/// <summary>
/// The seam that decides how a deployment directory is made from a commit and how it is removed. The default checks
/// the commit out of the sysroot's repository as hard links (what libostree does); the BTRFS package snapshots the
/// previous deployment's subvolume instead.
/// </summary>
/// <remarks>
/// <c>Sysroot.Deploy</c> calls <see cref="CreateTree"/> first, before anything else of the new deployment
/// exists, and treats the directory as unreachable scratch until the boot configuration names it. Implementations
/// must leave either a complete tree or nothing usable: the sysroot deletes leftovers of an interrupted call with
/// <see cref="DeleteTree"/> on its next run.
/// </remarks>
public interface IDeploymentBackend
{
    /// <summary>A short name for logs, such as <c>hardlink-checkout</c>.</summary>
    string Name { get; }

    /// <summary>Creates <see cref="DeploymentTreeRequest.TargetPath"/> holding the commit's whole tree.</summary>
    /// <param name="request">What to make and where.</param>
    /// <param name="cancellationToken">Stops the work; the partial directory is then removed by the caller.</param>
    void CreateTree(DeploymentTreeRequest request, CancellationToken cancellationToken);

    /// <summary>Deletes a deployment directory (its immutable flag is already cleared).</summary>
    /// <param name="path">The absolute path of the deployment directory.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    void DeleteTree(string path, CancellationToken cancellationToken);
}
