using OsTree.Objects;
using OsTree.Repositories;

namespace OsTree.Usage;

/// <summary>
/// The content objects a sysroot cleanup keeps because of refs rather than deployments: libostree prunes a sysroot's
/// repository with refs only and depth 0, so every ref's commit (not its parents) keeps its tree. The deployment refs
/// (<c>ostree/B/S/N</c>) are left out: they stand for the deployments themselves.
/// </summary>
internal static class RefReachability
{
    public static HashSet<Checksum> ContentOfRefs(string repositoryPath, CancellationToken cancellationToken)
    {
        var repository = Repository.Open(repositoryPath);
        var commits = new HashSet<Checksum>();
        foreach (var (name, commit) in repository.ListRefs())
        {
            if (!name.StartsWith("ostree/", StringComparison.Ordinal))
            {
                commits.Add(commit);
            }
        }

        foreach (var commit in repository.ListMirrorRefs().Values)
        {
            commits.Add(commit);
        }

        var content = new HashSet<Checksum>();
        var trees = new HashSet<Checksum>();
        var pending = new Stack<Checksum>();
        foreach (var checksum in commits)
        {
            // A ref to a commit that is only partially pulled keeps what it has; a missing commit keeps nothing.
            if (repository.TryReadCommit(checksum, out var commit) && trees.Add(commit.RootTree))
            {
                pending.Push(commit.RootTree);
            }
        }

        while (pending.TryPop(out var treeChecksum))
        {
            cancellationToken.ThrowIfCancellationRequested();
            DirTree tree;
            try
            {
                tree = repository.ReadDirTree(treeChecksum);
            }
            catch (ObjectNotFoundException)
            {
                continue;
            }

            foreach (var file in tree.Files)
            {
                content.Add(file.Checksum);
            }

            foreach (var directory in tree.Directories)
            {
                if (trees.Add(directory.TreeChecksum))
                {
                    pending.Push(directory.TreeChecksum);
                }
            }
        }

        return content;
    }
}
