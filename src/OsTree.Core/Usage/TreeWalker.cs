using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using OsTree.Internal.Interop;

namespace OsTree.Usage;

/// <summary>
/// Walks a directory tree without following symbolic links and records every entry's inode with <c>statx</c>.
/// Entries that vanish or cannot be read during the walk are counted as skipped, never thrown.
/// </summary>
internal static class TreeWalker
{
    private const uint TypeMask = 0xF000;
    private const uint TypeDirectory = 0x4000;
    private const uint TypeRegular = 0x8000;

    // Dot-files included (the default skips them on Unix), nothing recursed: the walk keeps its own stack so that it
    // can refuse to cross filesystems and never follows a symbolic link to a directory.
    private static readonly EnumerationOptions Options = new()
    {
        RecurseSubdirectories = false,
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        ReturnSpecialDirectories = false,
        MatchType = MatchType.Simple,
    };

    /// <summary>Walks <paramref name="root"/>.</summary>
    /// <param name="root">The tree's root; a symbolic link here is followed, none below.</param>
    /// <param name="oneFileSystem">Whether to leave out directories on another filesystem than the root's.</param>
    /// <param name="repositoryObjects">Whether the tree is a repository's <c>objects/</c>, whose files are classified by suffix.</param>
    /// <param name="pathsFor">Inodes whose relative path to remember, or <see langword="null"/>.</param>
    /// <param name="logger">Where unreadable directories are reported.</param>
    /// <param name="cancellationToken">Checked between directories.</param>
    /// <returns>The entries met.</returns>
    /// <exception cref="DirectoryNotFoundException"><paramref name="root"/> is not a directory.</exception>
    public static TreeScan Walk(
        string root,
        bool oneFileSystem,
        bool repositoryObjects,
        Predicate<InodeKey>? pathsFor,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(root);
        if (full.Length > 1)
        {
            full = full.TrimEnd('/');
        }

        if (Interop.Statx(Interop.AtFdCwd, full, 0, Interop.StatxBasicStats, out var rootStat) != 0
            || (rootStat.Mode & TypeMask) != TypeDirectory)
        {
            throw new DirectoryNotFoundException($"'{root}' is not a directory.");
        }

        var rootKey = new InodeKey(rootStat.Device, rootStat.Inode);
        var scan = new TreeScan(full, rootKey);
        if (pathsFor is not null)
        {
            scan.Paths = [];
        }

        scan.Entries.Add(ToScanned(rootStat, InodeKind.Directory));
        var prefixLength = full == "/" ? 1 : full.Length + 1;
        var stack = new Stack<string>();
        stack.Push(full);
        while (stack.TryPop(out var directory))
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                foreach (var path in Directory.EnumerateFileSystemEntries(directory, "*", Options))
                {
                    if (Interop.Statx(Interop.AtFdCwd, path, Interop.AtSymlinkNoFollow, Interop.StatxBasicStats, out var st) != 0)
                    {
                        // ENOENT: removed since it was listed; anything else: unreadable. Either way not counted.
                        scan.Skipped++;
                        continue;
                    }

                    var type = st.Mode & TypeMask;
                    if (type == TypeDirectory)
                    {
                        if (oneFileSystem && st.Device != rootStat.Device)
                        {
                            continue;
                        }

                        stack.Push(path);
                    }

                    var kind = type == TypeDirectory ? InodeKind.Directory
                        : !repositoryObjects ? InodeKind.File
                        : type == TypeRegular && IsContentObjectName(path) ? InodeKind.ContentObject
                        : type != TypeRegular && path.EndsWith(".file", StringComparison.Ordinal) ? InodeKind.ContentObject // bare-mode symlink object
                        : InodeKind.MetadataObject;
                    var scanned = ToScanned(st, kind);
                    scan.Entries.Add(scanned);
                    if (pathsFor is not null && pathsFor(scanned.Key))
                    {
                        scan.Paths!.TryAdd(scanned.Key, path[prefixLength..]);
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The directory vanished or cannot be listed; what was listed before the error stays counted.
                scan.Skipped++;
                logger.LogWarning("Cannot list {Directory}: {Message}", directory, e.Message);
            }
        }

        return scan;
    }

    private static bool IsContentObjectName(string path)
        => path.EndsWith(".file", StringComparison.Ordinal) || path.EndsWith(".filez", StringComparison.Ordinal);

    private static ScannedInode ToScanned(in Interop.StatxBuffer st, InodeKind kind)
        => new(new InodeKey(st.Device, st.Inode), (long)st.Blocks, (long)st.Size, st.LinkCount, kind);

    /// <summary>The (device, inode) of a path without following a final symbolic link, if it exists.</summary>
    public static bool TryGetKey(string path, out InodeKey key)
    {
        if (Interop.Statx(Interop.AtFdCwd, path, Interop.AtSymlinkNoFollow, Interop.StatxBasicStats, out var st) == 0)
        {
            key = new InodeKey(st.Device, st.Inode);
            return true;
        }

        _ = Marshal.GetLastPInvokeError();
        key = default;
        return false;
    }
}
