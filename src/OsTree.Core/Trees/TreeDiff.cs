using OsTree.Objects;
using OsTree.Repositories;

namespace OsTree.Trees;

/// <summary>
/// The paths that differ between two commits' trees (<c>ostree diff</c>): a file is modified when its content
/// checksum (data, owner, mode, xattrs) differs, a directory when its dirmeta differs. An added directory is listed
/// with everything below it; a removed one by its own path only, as libostree does. Identical subtrees are skipped
/// without being read.
/// </summary>
public sealed class TreeDiff
{
    private readonly List<string> _added = [];
    private readonly List<string> _removed = [];
    private readonly List<string> _modified = [];

    private TreeDiff()
    {
    }

    /// <summary>Paths only in the second tree, each starting with <c>/</c>.</summary>
    public IReadOnlyList<string> Added => _added;

    /// <summary>Paths only in the first tree.</summary>
    public IReadOnlyList<string> Removed => _removed;

    /// <summary>Paths in both trees whose content or metadata differ.</summary>
    public IReadOnlyList<string> Modified => _modified;

    /// <summary>Whether the trees are identical.</summary>
    public bool IsEmpty => _added.Count == 0 && _removed.Count == 0 && _modified.Count == 0;

    /// <summary>Compares the trees of two commits.</summary>
    /// <param name="repository">The repository holding both.</param>
    /// <param name="from">The old commit.</param>
    /// <param name="to">The new commit.</param>
    /// <returns>The differences.</returns>
    /// <exception cref="ObjectNotFoundException">A commit or tree object is missing.</exception>
    public static TreeDiff Compute(Repository repository, Checksum from, Checksum to)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var a = repository.ReadCommit(from);
        var b = repository.ReadCommit(to);
        var diff = new TreeDiff();
        var cache = new Dictionary<Checksum, DirTree>();
        DirTree Read(Checksum c)
        {
            if (!cache.TryGetValue(c, out var t))
            {
                t = repository.ReadDirTree(c);
                cache[c] = t;
            }

            return t;
        }

        diff.CompareDirectories("/", a.RootTree, a.RootMeta, b.RootTree, b.RootMeta, Read);
        return diff;
    }

    private void CompareDirectories(string path, Checksum treeA, Checksum metaA, Checksum treeB, Checksum metaB, Func<Checksum, DirTree> read)
    {
        if (metaA != metaB)
        {
            _modified.Add(path);
        }

        if (treeA == treeB)
        {
            return;
        }

        var a = read(treeA);
        var b = read(treeB);
        var join = path == "/" ? "/" : path + "/";
        // A name that is a file on one side and a directory on the other is one modification, as in ostree diff,
        // listed where ostree meets it: in the first tree's order, files before directories.
        MergeJoin(a.Files, b.Files, f => f.Name,
            onlyA: f => (b.TryGetDirectory(f.Name, out _) ? _modified : _removed).Add(join + f.Name),
            onlyB: f =>
            {
                if (!a.TryGetDirectory(f.Name, out _))
                {
                    _added.Add(join + f.Name);
                }
            },
            both: (x, y) =>
            {
                if (x.Checksum != y.Checksum)
                {
                    _modified.Add(join + x.Name);
                }
            });
        MergeJoin(a.Directories, b.Directories, d => d.Name,
            onlyA: d => (b.TryGetFile(d.Name, out _) ? _modified : _removed).Add(join + d.Name),
            onlyB: d =>
            {
                if (!a.TryGetFile(d.Name, out _))
                {
                    AddRecursively(join + d.Name, d.TreeChecksum, read);
                }
            },
            both: (x, y) => CompareDirectories(join + x.Name, x.TreeChecksum, x.MetaChecksum, y.TreeChecksum, y.MetaChecksum, read));
    }

    private void AddRecursively(string path, Checksum tree, Func<Checksum, DirTree> read)
    {
        _added.Add(path);
        var t = read(tree);
        foreach (var f in t.Files)
        {
            _added.Add(path + "/" + f.Name);
        }

        foreach (var d in t.Directories)
        {
            AddRecursively(path + "/" + d.Name, d.TreeChecksum, read);
        }
    }

    private static void MergeJoin<T>(IReadOnlyList<T> a, IReadOnlyList<T> b, Func<T, string> name, Action<T> onlyA, Action<T> onlyB, Action<T, T> both)
    {
        int i = 0, j = 0;
        while (i < a.Count || j < b.Count)
        {
            var c = i >= a.Count ? 1 : j >= b.Count ? -1 : Utf8Order.Instance.Compare(name(a[i]), name(b[j]));
            if (c < 0)
            {
                onlyA(a[i++]);
            }
            else if (c > 0)
            {
                onlyB(b[j++]);
            }
            else
            {
                both(a[i++], b[j++]);
            }
        }
    }
}
