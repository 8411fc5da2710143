using OsTree.Objects;

namespace OsTree.Repositories;

public sealed partial class Repository
{
    /// <summary>
    /// Deletes objects no root reaches (<c>ostree prune</c>). Roots are the refs (local, remote and mirrored) and,
    /// unless <see cref="PruneOptions.RefsOnly"/>, every commit in the repository; from each root
    /// <see cref="PruneOptions.Depth"/> parents are followed (all by default). A reached commit keeps its detached
    /// metadata and its whole tree. Missing objects are skipped. Runs under the exclusive repository lock.
    /// </summary>
    /// <param name="options">What to keep; <see langword="null"/> for the defaults.</param>
    /// <returns>How many objects and bytes were (or would be) freed.</returns>
    /// <exception cref="RepositoryLockedException">Another process holds the lock.</exception>
    public PruneResult Prune(PruneOptions? options = null)
    {
        options ??= new PruneOptions();
        using var exclusive = Lock(exclusive: true);
        var all = EnumerateObjects().ToList();
        var roots = new HashSet<Checksum>(ListRefs().Values);
        roots.UnionWith(ListMirrorRefs().Values);
        if (!options.RefsOnly)
        {
            roots.UnionWith(all.Where(o => o.Type == ObjectType.Commit).Select(o => o.Checksum));
        }

        // Sized for the whole repository up front: nearly everything is usually reachable, and growing a set of
        // tens of thousands step by step rehashes it over and over.
        var reachable = new HashSet<ObjectId>(all.Count);
        var walkedTrees = new HashSet<Checksum>();

        // The most parents still to follow from each commit reached, so that a shared history is walked as deep
        // as the deepest root asks.
        var remaining = new Dictionary<Checksum, int>();
        var limit = options.Depth is { } d && d >= 0 ? d : int.MaxValue;
        foreach (var root in roots)
        {
            Checksum? current = root;
            for (var left = limit; current is { } id && left >= 0; left--)
            {
                if (remaining.TryGetValue(id, out var before) && before >= left)
                {
                    break;
                }

                remaining[id] = left;
                if (!TryReadCommit(id, out var commit))
                {
                    break;
                }

                reachable.Add(new ObjectId(id, ObjectType.Commit));
                reachable.Add(new ObjectId(id, ObjectType.CommitMeta));
                MarkTree(commit.RootTree, commit.RootMeta, reachable, walkedTrees);
                current = commit.Parent;
            }
        }

        // Commits go first, and are synced gone before anything they reach is deleted: a crash part way must not
        // leave a commit whose tree is half deleted, which fsck would report and a pull would trust as complete.
        var pruned = 0;
        long bytes = 0;
        var doomed = all.Where(id => !reachable.Contains(id) && id.Type != ObjectType.TombstoneCommit).ToList();
        foreach (var stage in new[] { doomed.Where(id => id.Type == ObjectType.Commit), doomed.Where(id => id.Type != ObjectType.Commit) })
        {
            var touched = new HashSet<string>(StringComparer.Ordinal);
            foreach (var id in stage)
            {
                var path = GetLooseObjectPath(id.Checksum, id.Type);
                if (PosixFile.TryLstat(path, out var st))
                {
                    bytes += (long)st.Size;
                    pruned++;
                    if (!options.DryRun)
                    {
                        File.Delete(path);
                        touched.Add(System.IO.Path.GetDirectoryName(path)!);
                    }
                }
            }

            if (SyncWrites)
            {
                foreach (var dir in touched)
                {
                    PosixFile.FsyncDirectory(dir);
                }
            }
        }

        return new PruneResult(all.Count, pruned, bytes, options.DryRun);
    }

    private void MarkTree(Checksum treeId, Checksum metaId, HashSet<ObjectId> reachable, HashSet<Checksum> walkedTrees)
    {
        var stack = new Stack<(Checksum Tree, Checksum Meta)>();
        stack.Push((treeId, metaId));
        while (stack.Count > 0)
        {
            var (t, m) = stack.Pop();
            reachable.Add(new ObjectId(m, ObjectType.DirMeta));
            reachable.Add(new ObjectId(t, ObjectType.DirTree));
            // A missing dirtree is skipped (its absence found by the read itself, not a stat before it).
            if (!walkedTrees.Add(t) || !TryReadMetadataBytes(t, ObjectType.DirTree, out var bytes))
            {
                continue;
            }

            var tree = DirTree.Parse(bytes);
            foreach (var f in tree.Files)
            {
                reachable.Add(new ObjectId(f.Checksum, ObjectType.File));
            }

            foreach (var d in tree.Directories)
            {
                stack.Push((d.TreeChecksum, d.MetaChecksum));
            }
        }
    }
}
