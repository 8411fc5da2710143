using OsTree.Btrfs.Internal;
using OsTree.Checkout;
using OsTree.Objects;
using OsTree.Repositories;

namespace OsTree.Deployments;

/// <summary>
/// Turns a snapshot of one commit's deployment into a deployment of another commit: walks both commits' dirtrees
/// together, skips subtrees whose dirtree and dirmeta checksums are equal, deletes what the new commit lacks and
/// checks out (reflinks) what it adds or changes. A directory whose own metadata changed is replaced whole, so that
/// owner, mode and xattrs always come from the new commit.
/// </summary>
internal sealed class TreeUpdater : IDisposable
{
    private readonly Repository _repository;
    private readonly CheckoutSession _checkout;
    private readonly string _root;
    private readonly CancellationToken _cancellationToken;

    public TreeUpdater(Repository repository, string root, CancellationToken cancellationToken)
    {
        _repository = repository;
        _root = root;
        _cancellationToken = cancellationToken;
        _checkout = BtrfsDeploymentBackend.CreateReflinkCheckout(repository, cancellationToken);
    }

    /// <inheritdoc/>
    public void Dispose() => _checkout.Dispose();

    /// <summary>Makes the directory at <paramref name="relative"/> (empty for the root) hold <paramref name="newTree"/>.</summary>
    public void Update(Checksum oldTree, Checksum newTree, string relative)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        var isRoot = relative.Length == 0;
        if (!isRoot && oldTree == newTree)
        {
            return;
        }

        var before = _repository.ReadDirTree(oldTree);
        var after = _repository.ReadDirTree(newTree);
        var directory = isRoot ? _root : Path.Combine(_root, relative);

        if (isRoot)
        {
            // The deployment holds more than its commit at the top (the sysroot's /etc): drop all of that.
            foreach (var entry in Directory.EnumerateFileSystemEntries(directory))
            {
                var name = Path.GetFileName(entry);
                if (!after.TryGetFile(name, out _) && !after.TryGetDirectory(name, out _))
                {
                    DeploymentFiles.DeleteTree(entry);
                }
            }
        }
        else
        {
            foreach (var file in before.Files)
            {
                if (!after.TryGetFile(file.Name, out _))
                {
                    DeploymentFiles.DeleteTree(Path.Combine(directory, file.Name));
                }
            }

            foreach (var sub in before.Directories)
            {
                if (!after.TryGetDirectory(sub.Name, out _))
                {
                    DeploymentFiles.DeleteTree(Path.Combine(directory, sub.Name));
                }
            }
        }

        List<DirTreeFile>? changed = null;
        foreach (var file in after.Files)
        {
            if (before.TryGetFile(file.Name, out var old) && old.Checksum == file.Checksum)
            {
                continue;
            }

            DeploymentFiles.DeleteTree(Path.Combine(directory, file.Name));
            (changed ??= []).Add(file);
        }

        if (changed is not null)
        {
            // One run per directory, from the entries already read here: nothing is looked up again from the commit's root.
            _checkout.RunFiles(changed, directory);
        }

        foreach (var sub in after.Directories)
        {
            if (before.TryGetDirectory(sub.Name, out var old) && old.MetaChecksum == sub.MetaChecksum)
            {
                Update(old.TreeChecksum, sub.TreeChecksum, relative.Length == 0 ? sub.Name : relative + "/" + sub.Name);
                continue;
            }

            // New metadata cannot be applied to the existing directory in place: the new commit's directory replaces it whole.
            var target = Path.Combine(directory, sub.Name);
            DeploymentFiles.DeleteTree(target);
            _checkout.RunTree(sub.TreeChecksum, sub.MetaChecksum, target);
        }
    }
}
