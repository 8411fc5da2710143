using System.Runtime.InteropServices;
using OsTree.Internal.Interop;

namespace OsTree.Trees;

/// <summary>An <see cref="IFileTree"/> over a directory on the local filesystem (a root filesystem, a deployment).</summary>
public sealed class DirectoryFileTree : IFileTree
{
    private const uint TypeMask = 0xF000;
    private const uint TypeDirectory = 0x4000;
    private const uint TypeRegular = 0x8000;
    private const uint TypeSymbolicLink = 0xA000;

    private readonly string _root;

    /// <summary>Creates a view of the tree rooted at <paramref name="root"/>.</summary>
    /// <param name="root">An existing directory.</param>
    /// <exception cref="DirectoryNotFoundException"><paramref name="root"/> is not a directory.</exception>
    public DirectoryFileTree(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        _root = Path.GetFullPath(root).TrimEnd('/');
        if (!Directory.Exists(_root + "/"))
        {
            throw new DirectoryNotFoundException($"'{root}' is not a directory.");
        }
    }

    /// <summary>The absolute path of the tree's root.</summary>
    public string Root => _root;

    /// <inheritdoc/>
    public string Description => _root;

    /// <inheritdoc/>
    public bool TryGetEntry(string path, out FileTreeEntry entry)
    {
        entry = default;
        var parts = Split(path);
        if (parts is null)
        {
            return false;
        }

        var current = _root;
        Interop.StatxBuffer st = default;
        if (!TryLstat(current, out st))
        {
            return false;
        }

        foreach (var part in parts)
        {
            if ((st.Mode & TypeMask) != TypeDirectory)
            {
                return false;
            }

            current = current + "/" + part;
            if (!TryLstat(current, out st))
            {
                return false;
            }
        }

        entry = ToEntry(parts.Length == 0 ? string.Empty : parts[^1], st);
        return true;
    }

    /// <inheritdoc/>
    public IEnumerable<FileTreeEntry> EnumerateDirectory(string path)
    {
        if (!TryGetEntry(path, out var dir) || dir.Type != FileTreeEntryType.Directory)
        {
            throw new DirectoryNotFoundException($"No directory '{path}' in {_root}.");
        }

        var full = Join(path);
        return EnumerateCore(full);
    }

    private static IEnumerable<FileTreeEntry> EnumerateCore(string full)
    {
        foreach (var child in Directory.EnumerateFileSystemEntries(full))
        {
            if (TryLstat(child, out var st))
            {
                yield return ToEntry(Path.GetFileName(child), st);
            }
        }
    }

    /// <inheritdoc/>
    public string ReadSymbolicLink(string path)
    {
        if (!TryGetEntry(path, out var entry) || entry.Type != FileTreeEntryType.SymbolicLink)
        {
            throw new FileNotFoundException($"No symbolic link '{path}' in {_root}.", path);
        }

        return new FileInfo(Join(path)).LinkTarget ?? string.Empty;
    }

    /// <inheritdoc/>
    public Stream OpenRead(string path)
    {
        if (!TryGetEntry(path, out var entry) || entry.Type != FileTreeEntryType.RegularFile)
        {
            throw new FileNotFoundException($"No regular file '{path}' in {_root}.", path);
        }

        return new FileStream(Join(path), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
    }

    /// <inheritdoc/>
    public string? GetLocalPath(string path) => Split(path) is null ? null : Join(path);

    private string Join(string path)
    {
        var parts = Split(path) ?? throw new ArgumentException($"'{path}' is not a path inside the tree.", nameof(path));
        return parts.Length == 0 ? _root : _root + "/" + string.Join('/', parts);
    }

    // Refuses "." and ".." so that a path can never name anything outside the root.
    private static string[]? Split(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        foreach (var part in parts)
        {
            if (part is "." or "..")
            {
                return null;
            }
        }

        return parts;
    }

    private static bool TryLstat(string path, out Interop.StatxBuffer st)
    {
        if (Interop.Statx(Interop.AtFdCwd, path, Interop.AtSymlinkNoFollow, Interop.StatxBasicStats, out st) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno is 2 or 20)
        {
            // ENOENT, ENOTDIR: a miss, not an error.
            return false;
        }

        throw new IOException($"Cannot stat '{path}': {Marshal.GetPInvokeErrorMessage(errno)}", errno);
    }

    private static FileTreeEntry ToEntry(string name, in Interop.StatxBuffer st)
    {
        var type = (st.Mode & TypeMask) switch
        {
            TypeRegular => FileTreeEntryType.RegularFile,
            TypeDirectory => FileTreeEntryType.Directory,
            TypeSymbolicLink => FileTreeEntryType.SymbolicLink,
            _ => FileTreeEntryType.Other,
        };
        var size = type is FileTreeEntryType.RegularFile or FileTreeEntryType.SymbolicLink ? (long)st.Size : 0;
        return new FileTreeEntry(name, type, size, st.Mode, st.Uid, st.Gid);
    }
}
