using OsTree.Trees;

namespace OsTree.Packaging.Tests.Fixtures;

/// <summary>
/// A real directory seen the way a commit is seen: same entries and bytes, but no local path, so readers must go
/// through <see cref="IFileTree.OpenRead"/> (and rpm's SQLite reader through its private copy).
/// </summary>
public sealed class NonLocalFileTree(string root) : IFileTree
{
    private readonly DirectoryFileTree _inner = new(root);

    public string Description => "non-local view of " + _inner.Description;

    public bool TryGetEntry(string path, out FileTreeEntry entry) => _inner.TryGetEntry(path, out entry);

    public IEnumerable<FileTreeEntry> EnumerateDirectory(string path) => _inner.EnumerateDirectory(path);

    public string ReadSymbolicLink(string path) => _inner.ReadSymbolicLink(path);

    public Stream OpenRead(string path) => _inner.OpenRead(path);

    public string? GetLocalPath(string path) => null;
}
