using OsTree.Btrfs;
using OsTree.Checkout;
using OsTree.Objects;
using OsTree.Repositories;

namespace OsTree.Deployments;

/// <summary>
/// Working trees on BTRFS: a writable snapshot of the deployment when it is a subvolume (constant time, whatever the
/// tree's size), otherwise a new subvolume filled with reflinks of the repository's objects; off BTRFS, the fallback
/// (a plain copy by default). Neither shares a writable block with the repository: BTRFS copies on write.
/// </summary>
public sealed class BtrfsWorkingTreeBackend : IWorkingTreeBackend
{
    private readonly IWorkingTreeBackend _fallback;

    /// <summary>Creates the backend.</summary>
    /// <param name="fallback">Used off BTRFS; <see cref="CopyWorkingTreeBackend"/> when <see langword="null"/>.</param>
    public BtrfsWorkingTreeBackend(IWorkingTreeBackend? fallback = null)
    {
        _fallback = fallback ?? new CopyWorkingTreeBackend();
    }

    /// <inheritdoc/>
    public string Name => "btrfs-snapshot";

    /// <inheritdoc/>
    public WorkingTreeKind CreateWorkingTree(WorkingTreeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parent = Path.GetDirectoryName(request.TargetPath) ?? throw new ArgumentException("The target has no parent directory.", nameof(request));
        if (!BtrfsFilesystem.IsBtrfs(parent))
        {
            return _fallback.CreateWorkingTree(request, cancellationToken);
        }

        if (BtrfsFilesystem.IsBtrfs(request.DeploymentPath) && BtrfsSubvolume.IsSubvolume(request.DeploymentPath))
        {
            BtrfsSubvolume.Snapshot(request.DeploymentPath, request.TargetPath, readOnly: false);
            return WorkingTreeKind.Snapshot;
        }

        var repository = Repository.Open(request.RepositoryPath);
        var commit = Checksum.Parse(request.Commit);
        BtrfsSubvolume.Create(request.TargetPath);
        BtrfsDeploymentBackend.CheckoutInto(repository, commit, subpath: null, request.TargetPath, cancellationToken, CheckoutOverwriteMode.UnionFiles);
        BtrfsDeploymentBackend.ApplyRootMetadata(repository, repository.ReadCommit(commit).RootMeta, request.TargetPath);
        return WorkingTreeKind.ReflinkCopy;
    }

    /// <inheritdoc/>
    public void DeleteWorkingTree(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (BtrfsFilesystem.IsBtrfs(path) && BtrfsSubvolume.IsSubvolume(path))
        {
            BtrfsSubvolume.Delete(path);
            return;
        }

        _fallback.DeleteWorkingTree(path, cancellationToken);
    }
}
