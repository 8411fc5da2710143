using OsTree.Btrfs;
using OsTree.Btrfs.Internal;
using OsTree.Checkout;
using OsTree.Objects;
using OsTree.Repositories;

namespace OsTree.Deployments;

/// <summary>
/// A deployment backend for sysroots on BTRFS: every deployment directory is a subvolume. When the merge deployment
/// of the same stateroot is a subvolume, the new deployment starts as a writable snapshot of it and only the
/// difference between the two commits is applied (changed files reflinked from the repository's objects); otherwise
/// it is an empty subvolume filled by a reflink checkout. Off BTRFS it delegates to another backend (by default
/// <see cref="HardLinkCheckoutBackend"/>). Deleting a deployment that is a subvolume deletes the subvolume.
/// </summary>
/// <remarks>
/// The snapshot path assumes the merge deployment's tree outside <c>/etc</c> still equals its commit, which holds for
/// OSTree systems (<c>/usr</c> is read-only); <c>/etc</c> is dropped from the snapshot and rebuilt by the sysroot.
/// The backend does not sync: the new subvolume stays unreachable scratch until the sysroot's <c>syncfs</c>, which
/// precedes the boot configuration swap and, the subvolume being part of the sysroot's filesystem, commits its
/// contents with everything else (populate, syncfs, then make reachable). A BTRFS_IOC_SYNC of its own was a second
/// transaction commit on every deploy.
/// </remarks>
public sealed class BtrfsDeploymentBackend : IDeploymentBackend
{
    private readonly IDeploymentBackend _fallback;

    /// <summary>Creates the backend.</summary>
    /// <param name="fallback">What to use where the sysroot is not on BTRFS; <see langword="null"/> for <see cref="HardLinkCheckoutBackend"/>.</param>
    public BtrfsDeploymentBackend(IDeploymentBackend? fallback = null)
    {
        _fallback = fallback ?? new HardLinkCheckoutBackend();
    }

    /// <inheritdoc/>
    public string Name => "btrfs-subvolume";

    /// <inheritdoc/>
    public void CreateTree(DeploymentTreeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parent = Path.GetDirectoryName(request.TargetPath) ?? throw new ArgumentException("The target has no parent directory.", nameof(request));
        if (!BtrfsFilesystem.IsBtrfs(parent))
        {
            _fallback.CreateTree(request, cancellationToken);
            return;
        }

        var commit = Checksum.Parse(request.Commit);
        var repository = Repository.Open(request.RepositoryPath);
        var source = FindSnapshotSource(request, repository);
        if (source is not null)
        {
            BtrfsSubvolume.Snapshot(source.Value.Path, request.TargetPath, readOnly: false);
            DeploymentFiles.ClearImmutable(request.TargetPath);
            var oldCommit = repository.ReadCommit(source.Value.Commit);
            var newCommit = repository.ReadCommit(commit);
            if (oldCommit.RootMeta == newCommit.RootMeta)
            {
                using var updater = new TreeUpdater(repository, request.TargetPath, cancellationToken);
                updater.Update(oldCommit.RootTree, newCommit.RootTree, string.Empty);
                return;
            }

            // The root directory's own metadata changed: it cannot be replaced in place, start from scratch.
            BtrfsSubvolume.Delete(request.TargetPath);
        }

        // The subvolume's root is the deployment directory: fill it (union into the empty directory), then give it the
        // commit's root metadata, which a checkout leaves alone on a directory that already exists.
        BtrfsSubvolume.Create(request.TargetPath);
        CheckoutInto(repository, commit, subpath: null, request.TargetPath, cancellationToken, CheckoutOverwriteMode.UnionFiles);
        ApplyRootMetadata(repository, repository.ReadCommit(commit).RootMeta, request.TargetPath);
    }

    /// <inheritdoc/>
    public void DeleteTree(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (BtrfsFilesystem.IsBtrfs(path) && BtrfsSubvolume.IsSubvolume(path))
        {
            BtrfsSubvolume.Delete(path);
            return;
        }

        _fallback.DeleteTree(path, cancellationToken);
    }

    /// <summary>Checks a commit (or one path of it) out into <paramref name="destination"/> with reflinks.</summary>
    internal static void CheckoutInto(Repository repository, Checksum commit, string? subpath, string destination, CancellationToken cancellationToken, CheckoutOverwriteMode overwrite = CheckoutOverwriteMode.None)
    {
        using var engine = CreateReflinkCheckout(repository, cancellationToken, overwrite);
        engine.Run(commit, subpath, destination);
    }

    /// <summary>A checkout engine that reflinks every file out of the repository; reusable for many runs.</summary>
    internal static CheckoutSession CreateReflinkCheckout(Repository repository, CancellationToken cancellationToken, CheckoutOverwriteMode overwrite = CheckoutOverwriteMode.None)
        => repository.OpenCheckoutSession(new CheckoutOptions
        {
            UserMode = repository.Mode == RepositoryMode.BareUserOnly,
            ForceCopy = true,
            CopyMaterializer = ReflinkMaterializer.Instance,
            OverwriteMode = overwrite,
        }, cancellationToken);

    /// <summary>The merge deployment, when it belongs to the same stateroot, is a subvolume and its commit is present.</summary>
    private static (string Path, Checksum Commit)? FindSnapshotSource(DeploymentTreeRequest request, Repository repository)
    {
        var merge = request.MergeDeploymentPath;
        if (merge is null || !BtrfsSubvolume.IsSubvolume(merge))
        {
            return null;
        }

        var deployDirectory = Path.GetFullPath(Path.Combine(request.SysrootPath, "ostree", "deploy", request.OsName, "deploy"));
        if (!string.Equals(Path.GetDirectoryName(Path.GetFullPath(merge)), deployDirectory, StringComparison.Ordinal))
        {
            return null;
        }

        var name = Path.GetFileName(merge);
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0 || !Checksum.TryParse(name.AsSpan(0, dot), out var commit) || !repository.HasObject(commit, ObjectType.Commit))
        {
            return null;
        }

        return (merge, commit);
    }

    /// <summary>Sets the owner, mode and xattrs of the commit's root directory on the subvolume's root.</summary>
    internal static void ApplyRootMetadata(Repository repository, Checksum rootMeta, string path)
        => DeploymentFiles.ApplyDirectoryMetadata(path, repository.ReadDirMeta(rootMeta), userMode: repository.Mode == RepositoryMode.BareUserOnly);
}
