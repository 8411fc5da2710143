using System.Collections.Concurrent;
using System.Text;
using OsTree.Objects;
using OsTree.Repositories;

namespace OsTree.Trees;

/// <summary>
/// An <see cref="IFileTree"/> over a commit, read straight from the repository without checking it out: package
/// databases, diffs and listings read commits through this. Metadata objects are verified as they are read and
/// cached; content is opened on demand.
/// </summary>
public sealed class CommitFileTree : IFileTree
{
    private readonly Repository _repository;
    private readonly ConcurrentDictionary<Checksum, DirTree> _trees = new();
    private readonly ConcurrentDictionary<Checksum, DirMeta> _metas = new();

    /// <summary>Creates a view of a commit's tree.</summary>
    /// <param name="repository">The repository holding the commit.</param>
    /// <param name="commit">The commit.</param>
    /// <exception cref="ObjectNotFoundException">The commit is missing.</exception>
    public CommitFileTree(Repository repository, Checksum commit)
    {
        ArgumentNullException.ThrowIfNull(repository);
        _repository = repository;
        Checksum = commit;
        var c = repository.ReadCommit(commit);
        RootTree = c.RootTree;
        RootMeta = c.RootMeta;
    }

    /// <summary>The commit.</summary>
    public Checksum Checksum { get; }

    /// <summary>The commit's root dirtree.</summary>
    public Checksum RootTree { get; }

    /// <summary>The commit's root dirmeta.</summary>
    public Checksum RootMeta { get; }

    /// <inheritdoc/>
    public string Description => $"commit {Checksum} in {_repository.Path}";

    /// <summary>Reads (once) a dirtree of this commit.</summary>
    /// <param name="checksum">The dirtree.</param>
    /// <returns>The verified dirtree.</returns>
    public DirTree GetDirTree(Checksum checksum) => _trees.GetOrAdd(checksum, c => _repository.ReadDirTree(c));

    /// <summary>Reads (once) a dirmeta of this commit.</summary>
    /// <param name="checksum">The dirmeta.</param>
    /// <returns>The verified dirmeta.</returns>
    public DirMeta GetDirMeta(Checksum checksum) => _metas.GetOrAdd(checksum, c => _repository.ReadDirMeta(c));

    /// <summary>Finds the content object of a file or symbolic link.</summary>
    /// <param name="path">The path relative to the root.</param>
    /// <param name="checksum">The content object, when the path names a file.</param>
    /// <returns><see langword="true"/> if the path names a file or symbolic link.</returns>
    public bool TryGetFileChecksum(string path, out Checksum checksum)
    {
        checksum = default;
        if (!TryLocate(path, out var parent, out var name) || name is null)
        {
            return false;
        }

        if (GetDirTree(parent.Tree).TryGetFile(name, out var file))
        {
            checksum = file.Checksum;
            return true;
        }

        return false;
    }

    /// <inheritdoc/>
    public bool TryGetEntry(string path, out FileTreeEntry entry)
    {
        entry = default;
        if (!TryLocate(path, out var parent, out var name))
        {
            return false;
        }

        if (name is null)
        {
            entry = DirectoryEntry(string.Empty, parent.Meta);
            return true;
        }

        var tree = GetDirTree(parent.Tree);
        if (tree.TryGetDirectory(name, out var dir))
        {
            entry = DirectoryEntry(name, dir.MetaChecksum);
            return true;
        }

        if (tree.TryGetFile(name, out var file))
        {
            entry = FileEntry(name, file.Checksum);
            return true;
        }

        return false;
    }

    /// <inheritdoc/>
    public IEnumerable<FileTreeEntry> EnumerateDirectory(string path)
    {
        if (!TryLocate(path, out var parent, out var name))
        {
            throw new DirectoryNotFoundException($"No directory '{path}' in {Description}.");
        }

        var tree = GetDirTree(parent.Tree);
        if (name is not null)
        {
            if (!tree.TryGetDirectory(name, out var dir))
            {
                throw new DirectoryNotFoundException($"No directory '{path}' in {Description}.");
            }

            tree = GetDirTree(dir.TreeChecksum);
        }

        return Enumerate(tree);
    }

    private IEnumerable<FileTreeEntry> Enumerate(DirTree tree)
    {
        foreach (var d in tree.Directories)
        {
            yield return DirectoryEntry(d.Name, d.MetaChecksum);
        }

        foreach (var f in tree.Files)
        {
            yield return FileEntry(f.Name, f.Checksum);
        }
    }

    /// <inheritdoc/>
    public string ReadSymbolicLink(string path)
    {
        if (!TryGetFileChecksum(path, out var checksum))
        {
            throw new FileNotFoundException($"No symbolic link '{path}' in {Description}.", path);
        }

        using var content = _repository.OpenContent(checksum);
        return content.Header.IsSymbolicLink
            ? content.Header.SymbolicLinkTarget
            : throw new FileNotFoundException($"'{path}' is not a symbolic link in {Description}.", path);
    }

    /// <inheritdoc/>
    public Stream OpenRead(string path)
    {
        if (!TryGetFileChecksum(path, out var checksum))
        {
            throw new FileNotFoundException($"No regular file '{path}' in {Description}.", path);
        }

        var content = _repository.OpenContent(checksum);
        if (!content.Header.IsRegularFile)
        {
            content.Dispose();
            throw new FileNotFoundException($"'{path}' is not a regular file in {Description}.", path);
        }

        return content.Data;
    }

    /// <inheritdoc/>
    public string? GetLocalPath(string path) => null;

    /// <summary>
    /// Walks the tree depth-first in libostree's order (files, then subdirectories, each sorted by name) from the
    /// dirtree objects alone, without opening content (<c>ostree ls -R</c>).
    /// </summary>
    /// <param name="path">Where to start; the root by default.</param>
    /// <returns>The start directory, then every entry below it.</returns>
    /// <exception cref="DirectoryNotFoundException"><paramref name="path"/> is not a directory of the commit.</exception>
    public IEnumerable<TreeWalkEntry> Walk(string path = "")
    {
        if (!TryLocate(path, out var parent, out var name))
        {
            throw new DirectoryNotFoundException($"No directory '{path}' in {Description}.");
        }

        var start = parent;
        var prefix = "/" + string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries));
        if (name is not null)
        {
            if (!GetDirTree(parent.Tree).TryGetDirectory(name, out var dir))
            {
                throw new DirectoryNotFoundException($"No directory '{path}' in {Description}.");
            }

            start = (dir.TreeChecksum, dir.MetaChecksum);
        }

        return WalkCore(prefix, start);
    }

    private IEnumerable<TreeWalkEntry> WalkCore(string rootPath, (Checksum Tree, Checksum Meta) root)
    {
        var stack = new Stack<(string Path, Checksum Tree, Checksum Meta)>();
        stack.Push((rootPath, root.Tree, root.Meta));
        while (stack.Count > 0)
        {
            var (dirPath, treeId, metaId) = stack.Pop();
            yield return new TreeWalkEntry(dirPath, true, treeId, metaId);
            var tree = GetDirTree(treeId);
            var join = dirPath == "/" ? "/" : dirPath + "/";
            foreach (var f in tree.Files)
            {
                yield return new TreeWalkEntry(join + f.Name, false, f.Checksum, default);
            }

            for (var i = tree.Directories.Count - 1; i >= 0; i--)
            {
                var d = tree.Directories[i];
                stack.Push((join + d.Name, d.TreeChecksum, d.MetaChecksum));
            }
        }
    }

    private FileTreeEntry DirectoryEntry(string name, Checksum meta)
    {
        var m = GetDirMeta(meta);
        return new FileTreeEntry(name, FileTreeEntryType.Directory, 0, m.Mode, m.Uid, m.Gid);
    }

    private FileTreeEntry FileEntry(string name, Checksum checksum)
    {
        using var content = _repository.OpenContent(checksum);
        var h = content.Header;
        return h.IsSymbolicLink
            ? new FileTreeEntry(name, FileTreeEntryType.SymbolicLink, Encoding.UTF8.GetByteCount(h.SymbolicLinkTarget), h.Mode, h.Uid, h.Gid)
            : new FileTreeEntry(name, FileTreeEntryType.RegularFile, content.Size, h.Mode, h.Uid, h.Gid);
    }

    // Walks to the directory holding the last component; name is null when the path is the root.
    private bool TryLocate(string path, out (Checksum Tree, Checksum Meta) parent, out string? name)
    {
        ArgumentNullException.ThrowIfNull(path);
        parent = (RootTree, RootMeta);
        name = null;
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part is "." or "..")
            {
                return false;
            }

            if (i == parts.Length - 1)
            {
                name = part;
                return true;
            }

            if (!GetDirTree(parent.Tree).TryGetDirectory(part, out var dir))
            {
                return false;
            }

            parent = (dir.TreeChecksum, dir.MetaChecksum);
        }

        return true;
    }
}
