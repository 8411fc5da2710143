namespace OsTree.Deployments;

/// <summary>
/// Makes the writable working tree of a <see cref="DeploymentTransaction"/> from a deployment, and removes it. The
/// tree must share nothing writable with the repository: a command that rewrites a file in place must never reach a
/// repository object (so never a hard-linked checkout).
/// </summary>
/// <remarks>
/// Core's default is <see cref="CopyWorkingTreeBackend"/>; OsTree.Btrfs adds a snapshot backend. Implementations are
/// called with the transaction lock held, one at a time.
/// </remarks>
public interface IWorkingTreeBackend
{
    /// <summary>A short name for logs.</summary>
    string Name { get; }

    /// <summary>Creates <see cref="WorkingTreeRequest.TargetPath"/> (which does not exist) with the deployment's tree.</summary>
    /// <param name="request">The deployment, its commit and where the tree goes.</param>
    /// <param name="cancellationToken">Stops the work; the caller deletes what was made.</param>
    /// <returns>How the tree was made.</returns>
    WorkingTreeKind CreateWorkingTree(WorkingTreeRequest request, CancellationToken cancellationToken);

    /// <summary>Deletes a working tree this backend made, also one left half-made by a killed process.</summary>
    /// <param name="path">The working tree.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    void DeleteWorkingTree(string path, CancellationToken cancellationToken);
}
