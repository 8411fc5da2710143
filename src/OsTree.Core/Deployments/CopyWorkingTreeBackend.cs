using OsTree.Checkout;
using OsTree.Objects;
using OsTree.Repositories;

namespace OsTree.Deployments;

/// <summary>
/// The default working tree: the deployment's commit checked out of the repository with every file copied
/// (<c>ostree checkout -C</c>), so nothing the command writes can reach a repository object.
/// </summary>
public sealed class CopyWorkingTreeBackend : IWorkingTreeBackend
{
    /// <inheritdoc/>
    public string Name => "copy-checkout";

    /// <inheritdoc/>
    public WorkingTreeKind CreateWorkingTree(WorkingTreeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var mode = Repository.Open(request.RepositoryPath).Mode;
        using var engine = new CheckoutEngine(new CheckoutSource(request.RepositoryPath, mode), new CheckoutOptions
        {
            UserMode = mode == RepositoryMode.BareUserOnly,
            ForceCopy = true,
        }, cancellationToken);
        engine.Run(Checksum.Parse(request.Commit), request.TargetPath);
        return WorkingTreeKind.Copy;
    }

    /// <inheritdoc/>
    public void DeleteWorkingTree(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        PosixFileSystem.DeleteTree(path);
    }
}
