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

        // Entries are deleted by name in the open directory: no path walk from / and no stat before each unlink.
        using (var handle = DeploymentFiles.OpenDirectory(directory))
        {
            if (isRoot)
            {
                // The deployment holds more than its commit at the top (the sysroot's /etc): drop all of that.
                foreach (var entry in Directory.EnumerateFileSystemEntries(directory))
                {
                    var name = Path.GetFileName(entry);
                    if (!after.TryGetFile(name, out _) && !after.TryGetDirectory(name, out _))
                    {
                        DeploymentFiles.DeleteEntry(handle, directory, name);
                    }
                }
            }
            else
            {
                foreach (var file in before.Files)
                {
                    if (!after.TryGetFile(file.Name, out _))
                    {
                        DeploymentFiles.DeleteEntry(handle, directory, file.Name);
                    }
                }

                foreach (var sub in before.Directories)
                {
                    if (!after.TryGetDirectory(sub.Name, out _))
                    {
                        DeploymentFiles.DeleteEntry(handle, directory, sub.Name);
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

                DeploymentFiles.DeleteEntry(handle, directory, file.Name);
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
                    continue;
                }

                // New metadata cannot be applied to the existing directory in place: the new commit's directory replaces it whole.
                DeploymentFiles.DeleteEntry(handle, directory, sub.Name);
                _checkout.RunTree(sub.TreeChecksum, sub.MetaChecksum, Path.Combine(directory, sub.Name));
            }
        }

        // Unchanged-metadata subdirectories last, this directory closed again: open handles do not pile up along the walk.
        foreach (var sub in after.Directories)
        {
            if (before.TryGetDirectory(sub.Name, out var old) && old.MetaChecksum == sub.MetaChecksum)
            {
                Update(old.TreeChecksum, sub.TreeChecksum, relative.Length == 0 ? sub.Name : relative + "/" + sub.Name);
            }
        }
    }
}
