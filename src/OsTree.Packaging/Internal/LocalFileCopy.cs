using OsTree.Trees;

namespace OsTree.Packaging.Internal;

/// <summary>
/// A private temporary directory holding copies of files read from a tree, removed on dispose. Used when a database
/// must be opened by path but the tree has no local path (a commit) or must not be touched (an SQLite WAL).
/// </summary>
internal sealed class LocalFileCopy : IDisposable
{
    private LocalFileCopy(string directory)
    {
        Directory = directory;
    }

    public string Directory { get; }

    public static LocalFileCopy Create() => new(System.IO.Directory.CreateTempSubdirectory("ostree-net-pkgdb-").FullName);

    /// <summary>Copies a regular file of the tree into the directory under <paramref name="name"/>.</summary>
    public string Add(IFileTree tree, string resolvedPath, string name, CancellationToken cancellationToken)
    {
        var target = Path.Combine(Directory, name);
        using var source = tree.OpenRead(resolvedPath);
        using var destination = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        source.CopyToAsync(destination, 1 << 16, cancellationToken).GetAwaiter().GetResult();
        return target;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp directory left behind is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }
}
