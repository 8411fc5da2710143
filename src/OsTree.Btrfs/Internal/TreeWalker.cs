using System.IO.Enumeration;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using static OsTree.Btrfs.Internal.Interop.Interop;

namespace OsTree.Btrfs.Internal;

/// <summary>
/// Walks a directory tree on btrfs and maps the extents of every regular file, once per (subvolume, inode) so hard
/// links count once. Files are stat'ed and opened relative to their directory's descriptor without following links;
/// devices, fifos and sockets are never opened. Nested subvolumes are either entered (as <c>btrfs filesystem du</c>
/// does) or skipped (they are not part of a snapshot and are not deleted with it).
/// </summary>
internal sealed class TreeWalker : IDisposable
{
    private static readonly EnumerationOptions ListOnly = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = false,
        AttributesToSkip = 0,
        ReturnSpecialDirectories = false,
    };

    private readonly FiemapReader _fiemap = new();
    private readonly List<FiemapExtent> _extents = [];
    private readonly HashSet<(ulong Subvolume, ulong Inode)> _seen = [];

    /// <summary>Whether to descend into nested subvolumes.</summary>
    internal bool CrossSubvolumes { get; init; }

    /// <summary>Files mapped so far by this walker.</summary>
    internal long FilesScanned { get; private set; }

    /// <summary>Forgets which inodes were seen (between arguments, as <c>btrfs filesystem du</c>).</summary>
    internal void ResetSeen() => _seen.Clear();

    internal void Walk(string root, ScannedFileVisitor visitor, Action<long>? onFile, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(root);
        using var rootHandle = NativeFiles.Open(full, ORdOnly | ONonBlock | OCloexec, "Opening"); // a fifo must not block
        NativeFiles.EnsureBtrfs(rootHandle, full);
        var stat = NativeFiles.Stat(rootHandle, full);
        var subvolume = BtrfsIoctl.GetSubvolumeId(rootHandle, full);
        if (stat.IsRegularFile)
        {
            VisitFile(rootHandle, full, subvolume, stat, visitor, onFile);
            return;
        }

        if (!stat.IsDirectory)
        {
            return;
        }

        _seen.Add((subvolume, stat.Inode));
        var pending = new Stack<(string Path, ulong Subvolume)>();
        pending.Push((full, subvolume));
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (directoryPath, directorySubvolume) = pending.Pop();
            using var directory = NativeFiles.OpenDirectory(directoryPath);
            var entries = new FileSystemEnumerable<(string Name, bool IsDirectory)>(
                directoryPath,
                (ref FileSystemEntry entry) => (entry.FileName.ToString(), entry.IsDirectory && (entry.Attributes & FileAttributes.ReparsePoint) == 0),
                ListOnly)
            {
                ShouldIncludePredicate = (ref FileSystemEntry entry) => (entry.Attributes & FileAttributes.ReparsePoint) == 0,
            };

            foreach (var (name, isDirectory) in entries)
            {
                var childPath = directoryPath.EndsWith('/') ? directoryPath + name : directoryPath + "/" + name;
                if (Statx(directory, name, AtSymlinkNoFollow, StatxType | StatxMode | StatxNlink | StatxIno, out var child) != 0)
                {
                    var errno = IoErrors.LastErrno;
                    if (errno == Errno.ENOENT)
                    {
                        continue; // removed while we walked
                    }

                    IoErrors.Throw(errno, "Reading the attributes of", childPath);
                }

                if (child.IsDirectory)
                {
                    var childSubvolume = directorySubvolume;
                    if (child.Inode == BtrfsAbi.EmptySubvolDirObjectId)
                    {
                        continue; // the empty stand-in a snapshot leaves for a nested subvolume
                    }

                    if (child.Inode == BtrfsAbi.FirstFreeObjectId)
                    {
                        if (!CrossSubvolumes)
                        {
                            continue;
                        }

                        using var nested = NativeFiles.OpenDirectory(childPath);
                        childSubvolume = BtrfsIoctl.GetSubvolumeId(nested, childPath);
                    }

                    if (_seen.Add((childSubvolume, child.Inode)))
                    {
                        pending.Push((childPath, childSubvolume));
                    }
                }
                else if (child.IsRegularFile && !isDirectory)
                {
                    var handle = NativeFiles.TryOpenAt(directory, name, ORdOnly | ONoFollow, out var errno);
                    if (handle is null)
                    {
                        if (errno == Errno.ENOENT)
                        {
                            continue;
                        }

                        IoErrors.Throw(errno, "Opening", childPath);
                    }

                    using (handle)
                    {
                        VisitFile(handle, childPath, directorySubvolume, child, visitor, onFile);
                    }
                }
            }
        }
    }

    private void VisitFile(SafeFileHandle handle, string path, ulong subvolume, in StatxBuffer stat, ScannedFileVisitor visitor, Action<long>? onFile)
    {
        if (stat.LinkCount > 1 && !_seen.Add((subvolume, stat.Inode)))
        {
            return;
        }

        _extents.Clear();
        _fiemap.ReadAll(handle, path, sync: true, _extents);
        FilesScanned++;
        visitor(new ScannedFile(path, subvolume, stat.Inode, CollectionsMarshal.AsSpan(_extents)));
        onFile?.Invoke(FilesScanned);
    }

    public void Dispose() => _fiemap.Dispose();
}
