using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.Logging;
using OsTree.Checkout;
using OsTree.Internal.Interop;

namespace OsTree.Usage;

/// <summary>
/// Walks a directory tree with directory handles: <c>getdents64</c> to list, <c>statx</c> relative to the open
/// directory to read each entry, <c>openat</c> with <c>O_NOFOLLOW</c> to descend, so that no path is resolved twice
/// and no symbolic link is followed below the root. Nothing is allocated per file; one handle is open per level.
/// Entries that vanish or cannot be read during the walk are counted as skipped, never thrown.
/// </summary>
internal static class TreeWalker
{
    private const uint TypeMask = 0xF000;
    private const uint TypeDirectory = 0x4000;
    private const uint TypeRegular = 0x8000;
    private const int BufferSize = 64 * 1024;
    private const int OpenDirectoryFlags = Interop.ORdOnly | Interop.ODirectory | Interop.ONoFollow | Interop.OCloExec;

    private static ReadOnlySpan<byte> FileSuffix => ".file"u8;

    private static ReadOnlySpan<byte> FilezSuffix => ".filez"u8;

    /// <summary>Walks <paramref name="root"/>.</summary>
    /// <param name="root">The tree's root; a symbolic link here is followed, none below.</param>
    /// <param name="oneFileSystem">Whether to leave out directories on another filesystem than the root's.</param>
    /// <param name="repositoryObjects">Whether the tree is a repository's <c>objects/</c>, whose files are classified by suffix.</param>
    /// <param name="pathsFor">Inodes whose relative path to remember, or <see langword="null"/>.</param>
    /// <param name="logger">Where unreadable directories are reported.</param>
    /// <param name="cancellationToken">Checked between directories.</param>
    /// <returns>The entries met.</returns>
    /// <exception cref="DirectoryNotFoundException"><paramref name="root"/> is not a directory.</exception>
    public static unsafe TreeScan Walk(
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

        var rootHandle = SafeDirectoryHandle.Open(full);
        Interop.StatxBuffer rootStat;
        byte empty = 0;
        if (Interop.Statx(rootHandle, &empty, Interop.AtEmptyPath, Interop.StatxBasicStats, out rootStat) != 0)
        {
            var error = Interop.LastError();
            rootHandle.Dispose();
            Interop.ThrowForError(error, "statx", full);
        }

        var scan = new TreeScan(full, new InodeKey(rootStat.Device, rootStat.Inode));
        if (pathsFor is not null)
        {
            scan.Paths = [];
        }

        scan.Entries.Add(ToScanned(rootStat, InodeKind.Directory));
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        var stack = new Stack<Frame>();
        stack.Push(new Frame(rootHandle, string.Empty));
        try
        {
            fixed (byte* data = buffer)
            {
                while (stack.TryPeek(out var frame))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (!frame.Listed)
                    {
                        List(scan, frame, data, rootStat.Device, oneFileSystem, repositoryObjects, pathsFor, logger);
                        frame.Listed = true;
                    }

                    if (frame.Next >= frame.Subdirectories.Count)
                    {
                        stack.Pop().Handle.Dispose();
                        continue;
                    }

                    var name = frame.Subdirectories[frame.Next++];
                    var relative = frame.RelativePath.Length == 0 ? Encoding.UTF8.GetString(name) : frame.RelativePath + "/" + Encoding.UTF8.GetString(name);
                    int fd;
                    fixed (byte* namePointer = name)
                    {
                        fd = Interop.OpenAt(frame.Handle, namePointer, OpenDirectoryFlags, 0);
                    }

                    if (fd < 0)
                    {
                        // Vanished, replaced by something else, or not ours to read: its entry was counted, not its content.
                        scan.Skipped++;
                        logger.LogWarning("Cannot open {Directory}: {Error}", full + "/" + relative, Interop.LastError());
                        continue;
                    }

                    stack.Push(new Frame(new SafeDirectoryHandle(fd), relative));
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            while (stack.TryPop(out var frame))
            {
                frame.Handle.Dispose();
            }
        }

        return scan;
    }

    private static unsafe void List(
        TreeScan scan,
        Frame frame,
        byte* data,
        ulong rootDevice,
        bool oneFileSystem,
        bool repositoryObjects,
        Predicate<InodeKey>? pathsFor,
        ILogger logger)
    {
        while (true)
        {
            var read = Interop.GetDents64(frame.Handle, data, BufferSize);
            if (read == 0)
            {
                return;
            }

            if (read < 0)
            {
                scan.Skipped++;
                logger.LogWarning("Cannot list {Directory} in {Root}: {Error}", frame.RelativePath, scan.Root, Interop.LastError());
                return;
            }

            for (nint offset = 0; offset < read;)
            {
                var record = data + offset;
                offset += *(ushort*)(record + Interop.Dirent64RecordLengthOffset);
                var namePointer = record + Interop.Dirent64NameOffset;
                var name = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(namePointer);
                if (name.SequenceEqual("."u8) || name.SequenceEqual(".."u8))
                {
                    continue;
                }

                if (Interop.Statx(frame.Handle, namePointer, Interop.AtSymlinkNoFollow, Interop.StatxBasicStats, out var st) != 0)
                {
                    // ENOENT: removed since it was listed; anything else: unreadable. Either way not counted.
                    scan.Skipped++;
                    continue;
                }

                var type = st.Mode & TypeMask;
                if (type == TypeDirectory)
                {
                    if (oneFileSystem && st.Device != rootDevice)
                    {
                        continue;
                    }

                    frame.Subdirectories.Add(name.ToArray());
                }

                var kind = type == TypeDirectory ? InodeKind.Directory
                    : !repositoryObjects ? InodeKind.File
                    : name.EndsWith(FileSuffix) || (type == TypeRegular && name.EndsWith(FilezSuffix)) ? InodeKind.ContentObject
                    : InodeKind.MetadataObject;
                var scanned = ToScanned(st, kind);
                scan.Entries.Add(scanned);
                if (pathsFor is not null && pathsFor(scanned.Key))
                {
                    var text = Encoding.UTF8.GetString(name);
                    scan.Paths!.TryAdd(scanned.Key, frame.RelativePath.Length == 0 ? text : frame.RelativePath + "/" + text);
                }
            }
        }
    }

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

    /// <summary>One open directory on the walk's path, with the subdirectories still to visit.</summary>
    private sealed class Frame(SafeDirectoryHandle handle, string relativePath)
    {
        public SafeDirectoryHandle Handle { get; } = handle;

        public string RelativePath { get; } = relativePath;

        public List<byte[]> Subdirectories { get; } = [];

        public int Next { get; set; }

        public bool Listed { get; set; }
    }
}
