using OsTree.Checkout;
using OsTree.Objects;
using OsTree.Repositories;

namespace OsTree.Deployments;

/// <summary>
/// The default deployment backend, as libostree: the commit is checked out of the sysroot's repository into the
/// deployment directory, every file a hard link to its object (copies where links cannot serve, such as empty
/// files or an archive repository), owners, modes and xattrs applied. Removal deletes the tree.
/// </summary>
public sealed class HardLinkCheckoutBackend : IDeploymentBackend
{
    /// <inheritdoc/>
    public string Name => "hardlink-checkout";

    /// <inheritdoc/>
    public void CreateTree(DeploymentTreeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var commit = Checksum.Parse(request.Commit);
        var mode = Repository.Open(request.RepositoryPath).Mode;

        // Not atomic on purpose: the directory has its final name while it is filled, so that the sysroot's cleanup
        // (which deletes deployment directories without a boot entry) removes what an interruption leaves.
        using var engine = new CheckoutEngine(new CheckoutSource(request.RepositoryPath, mode), new CheckoutOptions
        {
            UserMode = mode == RepositoryMode.BareUserOnly,
        }, cancellationToken);
        engine.Run(commit, request.TargetPath);
    }

    /// <inheritdoc/>
    public void DeleteTree(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        PosixFileSystem.DeleteTree(path);
    }
}
