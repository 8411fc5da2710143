using System.Collections.Concurrent;
using OsTree.Objects;

namespace OsTree.Repositories;

public sealed partial class Repository
{
    /// <summary>
    /// Verifies the repository as <c>ostree fsck</c>: every ref names a commit, and every commit in the repository
    /// (refs' targets included) is re-hashed with its whole tree: dirtrees and dirmetas parsed and re-hashed, content
    /// objects re-hashed from header and data (on all cores). Commits marked partial are skipped. Each problem lists
    /// the commits reaching the object and the refs naming those commits.
    /// </summary>
    /// <returns>The report; <see cref="FsckReport.IsHealthy"/> is false if anything is wrong.</returns>
    public FsckReport Fsck()
    {
        var problems = new ConcurrentDictionary<ObjectId, (FsckProblemKind Kind, string Message, HashSet<Checksum> Commits)>();
        var refsByCommit = new Dictionary<Checksum, List<string>>();
        var commits = new HashSet<Checksum>();
        foreach (var (name, target) in ListRefs())
        {
            Add(refsByCommit, target, name);
            commits.Add(target);
        }

        foreach (var (collectionRef, target) in ListMirrorRefs())
        {
            Add(refsByCommit, target, $"({collectionRef.CollectionId}, {collectionRef.Name})");
            commits.Add(target);
        }

        foreach (var id in EnumerateObjects())
        {
            if (id.Type == ObjectType.Commit)
            {
                commits.Add(id.Checksum);
            }
        }

        void Problem(ObjectId id, FsckProblemKind kind, string message, Checksum commit)
        {
            var entry = problems.GetOrAdd(id, _ => (kind, message, []));
            lock (entry.Commits)
            {
                entry.Commits.Add(commit);
            }
        }

        var trees = new Dictionary<Checksum, DirTree?>();
        var treeFailures = new Dictionary<Checksum, (FsckProblemKind Kind, string Message)?>();
        var metas = new Dictionary<Checksum, (FsckProblemKind Kind, string Message)?>();
        var content = new Dictionary<Checksum, List<Checksum>>();
        var partial = new List<Checksum>();
        var checkedCommits = 0;
        foreach (var commitId in commits.Order())
        {
            if (File.Exists($"{Path}/state/{commitId}.commitpartial"))
            {
                partial.Add(commitId);
                continue;
            }

            var id = new ObjectId(commitId, ObjectType.Commit);
            Commit commit;
            if (!TryVerifyMetadata(id, out var failure, out var kind, () => ReadCommit(commitId), out commit!))
            {
                Problem(id, kind, failure, commitId);
                continue;
            }

            checkedCommits++;
            var seenInThisCommit = new HashSet<Checksum>();
            WalkForFsck(commit.RootTree, commit.RootMeta, commitId, trees, metas, content, treeFailures, seenInThisCommit, Problem);
        }

        // Content objects: re-hash each once, in parallel.
        try
        {
            Parallel.ForEach(content, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, CheckContent);
        }
        catch (AggregateException e)
        {
            // An I/O error is not a finding about one object: report it as itself, not wrapped by Parallel.ForEach.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.Flatten().InnerExceptions[0]);
        }

        void CheckContent(KeyValuePair<Checksum, List<Checksum>> pair)
        {
            var id = new ObjectId(pair.Key, ObjectType.File);
            string? message = null;
            var kind = FsckProblemKind.Corrupt;
            try
            {
                var actual = ComputeContentChecksum(pair.Key);
                if (actual != pair.Key)
                {
                    message = $"Corrupted file object {pair.Key}: its content hashes to {actual}.";
                }
            }
            catch (ObjectNotFoundException)
            {
                (kind, message) = (FsckProblemKind.Missing, $"Missing file object {pair.Key}.");
            }
            catch (InvalidDataException e)
            {
                (kind, message) = (FsckProblemKind.Malformed, $"Malformed file object {pair.Key}: {e.Message}");
            }

            if (message is not null)
            {
                foreach (var c in pair.Value)
                {
                    Problem(id, kind, message, c);
                }
            }
        }

        var report = problems
            .OrderBy(p => p.Key.Checksum)
            .Select(p =>
            {
                var affected = p.Value.Commits.Order().ToArray();
                var refs = affected.SelectMany(c => refsByCommit.TryGetValue(c, out var r) ? r : []).Distinct().Order(StringComparer.Ordinal).ToArray();
                return new FsckProblem(p.Key, p.Value.Kind, p.Value.Message, affected, refs);
            })
            .ToArray();
        return new FsckReport(report, checkedCommits, trees.Count + metas.Count + content.Count + checkedCommits, partial);
    }

    private static void Add(Dictionary<Checksum, List<string>> map, Checksum key, string value)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        list.Add(value);
    }

    private static bool TryVerifyMetadata<T>(ObjectId id, out string failure, out FsckProblemKind kind, Func<T> read, out T? value)
    {
        value = default;
        (failure, kind) = (string.Empty, FsckProblemKind.Corrupt);
        try
        {
            value = read();
            return true;
        }
        catch (ObjectNotFoundException)
        {
            (failure, kind) = ($"Missing {id}.", FsckProblemKind.Missing);
        }
        catch (CorruptObjectException e)
        {
            (failure, kind) = (e.Message, FsckProblemKind.Corrupt);
        }
        catch (InvalidDataException e)
        {
            (failure, kind) = ($"Malformed {id}: {e.Message}", FsckProblemKind.Malformed);
        }

        return false;
    }

    private void WalkForFsck(
        Checksum treeId,
        Checksum metaId,
        Checksum commit,
        Dictionary<Checksum, DirTree?> trees,
        Dictionary<Checksum, (FsckProblemKind Kind, string Message)?> metas,
        Dictionary<Checksum, List<Checksum>> content,
        Dictionary<Checksum, (FsckProblemKind Kind, string Message)?> treeFailures,
        HashSet<Checksum> seen,
        Action<ObjectId, FsckProblemKind, string, Checksum> problem)
    {
        var stack = new Stack<(Checksum Tree, Checksum Meta)>();
        stack.Push((treeId, metaId));
        while (stack.Count > 0)
        {
            var (t, m) = stack.Pop();
            if (seen.Add(m))
            {
                // Each dirmeta is verified once; every commit reaching a bad one is attributed.
                if (!metas.TryGetValue(m, out var metaFailure))
                {
                    metaFailure = TryVerifyMetadata(new ObjectId(m, ObjectType.DirMeta), out var failure, out var kind, () => ReadDirMeta(m), out _)
                        ? null
                        : (kind, failure);
                    metas[m] = metaFailure;
                }

                if (metaFailure is { } mf)
                {
                    problem(new ObjectId(m, ObjectType.DirMeta), mf.Kind, mf.Message, commit);
                }
            }

            if (!seen.Add(t))
            {
                continue;
            }

            if (!trees.TryGetValue(t, out var tree))
            {
                treeFailures[t] = TryVerifyMetadata(new ObjectId(t, ObjectType.DirTree), out var failure, out var kind, () => ReadDirTree(t), out tree)
                    ? null
                    : (kind, failure);
                trees[t] = tree;
            }

            if (tree is null)
            {
                var tf = treeFailures[t]!.Value;
                problem(new ObjectId(t, ObjectType.DirTree), tf.Kind, tf.Message, commit);
                continue;
            }

            foreach (var f in tree.Files)
            {
                if (seen.Add(f.Checksum))
                {
                    if (!content.TryGetValue(f.Checksum, out var owners))
                    {
                        content[f.Checksum] = owners = [];
                    }

                    owners.Add(commit);
                }
            }

            foreach (var d in tree.Directories)
            {
                stack.Push((d.TreeChecksum, d.MetaChecksum));
            }
        }
    }
}
