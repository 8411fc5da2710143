namespace OsTree.Trees;

/// <summary>
/// A read-only view of an OS tree: a directory on disk, a deployment, or a commit read straight from a repository
/// without checking it out. Package readers, diffs and space accounting read trees only through this interface.
/// </summary>
/// <remarks>
/// Paths are relative to the tree's root, with <c>/</c> separators; a leading <c>/</c> is ignored. Implementations
/// never follow a symbolic link in any component of a path: a path that crosses one is reported as missing.
/// Use <see cref="FileTreeExtensions.TryResolve"/> to follow links the way the tree's own programs would, confined to
/// the tree (absolute targets are re-rooted at the tree's root).
/// </remarks>
public interface IFileTree
{
    /// <summary>Says what this tree is, for messages (a directory path, or a commit and its ref).</summary>
    string Description { get; }

    /// <summary>Looks up one entry without following a symbolic link.</summary>
    /// <param name="path">A path relative to the root; empty for the root itself.</param>
    /// <param name="entry">The entry, when it exists.</param>
    /// <returns><see langword="true"/> if the entry exists.</returns>
    bool TryGetEntry(string path, out FileTreeEntry entry);

    /// <summary>Lists a directory's entries, in no particular order.</summary>
    /// <param name="path">A path relative to the root that names a directory.</param>
    /// <returns>The entries.</returns>
    /// <exception cref="DirectoryNotFoundException">There is no directory at <paramref name="path"/>.</exception>
    IEnumerable<FileTreeEntry> EnumerateDirectory(string path);

    /// <summary>Reads the target of a symbolic link.</summary>
    /// <param name="path">A path relative to the root that names a symbolic link.</param>
    /// <returns>The target, as stored.</returns>
    /// <exception cref="FileNotFoundException">There is no symbolic link at <paramref name="path"/>.</exception>
    string ReadSymbolicLink(string path);

    /// <summary>Opens a regular file for reading.</summary>
    /// <param name="path">A path relative to the root that names a regular file.</param>
    /// <returns>A readable stream.</returns>
    /// <exception cref="FileNotFoundException">There is no regular file at <paramref name="path"/>.</exception>
    Stream OpenRead(string path);

    /// <summary>
    /// The path of the file on the local filesystem, when this tree is backed by one (a directory or deployment);
    /// <see langword="null"/> for trees read from a repository.
    /// </summary>
    /// <param name="path">A path relative to the root.</param>
    /// <returns>An absolute local path, or <see langword="null"/>.</returns>
    string? GetLocalPath(string path);
}
