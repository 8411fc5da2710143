using Microsoft.Win32.SafeHandles;
using OsTree.Btrfs.Internal;
using static OsTree.Btrfs.Internal.Interop.Interop;

namespace OsTree.Btrfs;

/// <summary>
/// Operations on one btrfs subvolume named by its path: create, snapshot, delete, inspect, read-only flag.
/// Every method needs the path to be on btrfs (else <see cref="NotSupportedException"/>); creating, snapshotting and
/// inspecting work unprivileged, deleting needs root (or <c>user_subvol_rm_allowed</c>).
/// </summary>
public static class BtrfsSubvolume
{
    /// <summary>Whether <paramref name="path"/> is the root directory of a btrfs subvolume (inode 256 on btrfs).</summary>
    /// <param name="path">Any path; a missing path or one on another filesystem is simply not a subvolume.</param>
    /// <returns>True for a subvolume root (the top level included).</returns>
    public static bool IsSubvolume(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var handle = Open(path, OPath | OCloexec | ONoFollow, 0);
        using (handle)
        {
            if (handle.IsInvalid || Fstatfs(handle, out var fs) != 0 || fs.Type != BtrfsSuperMagic)
            {
                return false;
            }

            return Statx(handle, string.Empty, AtEmptyPath, StatxType | StatxIno, out var stat) == 0
                && stat.IsDirectory && stat.Inode == BtrfsAbi.FirstFreeObjectId;
        }
    }

    /// <summary>Creates an empty subvolume at <paramref name="path"/> (BTRFS_IOC_SUBVOL_CREATE_V2).</summary>
    /// <param name="path">The new subvolume's path; its parent directory must exist on btrfs.</param>
    /// <returns>The new subvolume's information.</returns>
    /// <exception cref="NotSupportedException">The parent directory is not on btrfs.</exception>
    /// <exception cref="UnauthorizedAccessException">No write access to the parent directory.</exception>
    /// <exception cref="IOException">The name exists (errno 17) or another failure.</exception>
    public static BtrfsSubvolumeInfo Create(string path)
    {
        var (parent, name) = NativeFiles.SplitLeaf(path);
        using (var parentHandle = NativeFiles.OpenDirectory(parent))
        {
            NativeFiles.EnsureBtrfs(parentHandle, parent);
            BtrfsIoctl.CreateSubvolume(parentHandle, name, path);
        }

        return GetInfo(path);
    }

    /// <summary>
    /// Snapshots the subvolume at <paramref name="source"/> to <paramref name="destination"/> (BTRFS_IOC_SNAP_CREATE_V2).
    /// The snapshot is durable when this returns (the ioctl commits); it is not recursive: nested subvolumes appear as
    /// empty directories.
    /// </summary>
    /// <param name="source">The root of the subvolume to snapshot (a subdirectory is refused by the kernel).</param>
    /// <param name="destination">The new snapshot's path, on the same filesystem.</param>
    /// <param name="readOnly">Whether to make a read-only snapshot.</param>
    /// <returns>The snapshot's information.</returns>
    /// <exception cref="ArgumentException"><paramref name="source"/> is not a subvolume root.</exception>
    /// <exception cref="NotSupportedException">The paths are not on btrfs.</exception>
    /// <exception cref="IOException">The destination exists, is on another filesystem, or another failure.</exception>
    public static BtrfsSubvolumeInfo Snapshot(string source, string destination, bool readOnly)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        var (parent, name) = NativeFiles.SplitLeaf(destination);
        using (var sourceHandle = NativeFiles.OpenDirectory(source))
        {
            NativeFiles.EnsureBtrfs(sourceHandle, source);
            EnsureSubvolumeRoot(sourceHandle, source);
            using var parentHandle = NativeFiles.OpenDirectory(parent);
            BtrfsIoctl.CreateSnapshot(parentHandle, name, sourceHandle, readOnly, destination);
        }

        return GetInfo(destination);
    }

    /// <summary>
    /// Deletes the subvolume at <paramref name="path"/> (by the id found there; by name on kernels before 5.7), after checking it is not the top
    /// level, not the default subvolume and not mounted anywhere. Its space returns asynchronously, once the cleaner
    /// has run (see <see cref="BtrfsFilesystem.WaitForDeletedSubvolumesAsync"/>).
    /// </summary>
    /// <param name="path">The subvolume's root directory.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is not a subvolume root.</exception>
    /// <exception cref="BtrfsSubvolumeInUseException">It is the default subvolume, the top level, or mounted.</exception>
    /// <exception cref="UnauthorizedAccessException">Not root.</exception>
    /// <exception cref="IOException">It still contains nested subvolumes (errno 39) or another failure.</exception>
    public static void Delete(string path)
    {
        var (parent, name) = NativeFiles.SplitLeaf(path);
        ulong id;
        using (var handle = NativeFiles.Open(path, ORdOnly | ODirectory | ONoFollow | OCloexec, "Opening the subvolume"))
        {
            NativeFiles.EnsureBtrfs(handle, path);
            EnsureSubvolumeRoot(handle, path);
            id = BtrfsIoctl.GetSubvolumeId(handle, path);
            DeletionGuard.EnsureDeletable(handle, id, path);
        }

        // Delete the very id that was checked, so a rename between the checks and the delete cannot redirect it
        // (SNAP_DESTROY_V2 by id, Linux 5.7+); older kernels do not know the request (ENOTTY) and delete by name.
        using var parentHandle = NativeFiles.OpenDirectory(parent);
        if (!BtrfsIoctl.TryDestroyById(parentHandle, id, path))
        {
            BtrfsIoctl.DestroyByName(parentHandle, name, path);
        }
    }

    /// <summary>Reads the subvolume information of the subvolume containing <paramref name="path"/> (BTRFS_IOC_GET_SUBVOL_INFO).</summary>
    /// <param name="path">A subvolume root or any file inside a subvolume.</param>
    /// <returns>The information.</returns>
    /// <exception cref="NotSupportedException">The path is not on btrfs.</exception>
    public static BtrfsSubvolumeInfo GetInfo(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var handle = NativeFiles.Open(path, ORdOnly | ONonBlock | OCloexec, "Opening");
        NativeFiles.EnsureBtrfs(handle, path);
        return SubvolumeInfoReader.Read(handle, path);
    }

    /// <summary>The id of the subvolume containing <paramref name="path"/>.</summary>
    /// <param name="path">Any path on btrfs.</param>
    /// <returns>The subvolume id (5 for the top level).</returns>
    /// <exception cref="NotSupportedException">The path is not on btrfs.</exception>
    public static ulong GetId(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var handle = NativeFiles.Open(path, ORdOnly | ONonBlock | OCloexec, "Opening");
        NativeFiles.EnsureBtrfs(handle, path);
        return BtrfsIoctl.GetSubvolumeId(handle, path);
    }

    /// <summary>Whether the subvolume at <paramref name="path"/> is read-only (BTRFS_IOC_SUBVOL_GETFLAGS).</summary>
    /// <param name="path">The subvolume's root directory.</param>
    /// <returns>True when read-only.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is not a subvolume root.</exception>
    /// <exception cref="NotSupportedException">The path is not on btrfs.</exception>
    public static bool IsReadOnly(string path)
    {
        using var handle = OpenRoot(path);
        return (BtrfsIoctl.GetFlags(handle, path) & BtrfsAbi.SubvolRdOnly) != 0;
    }

    /// <summary>
    /// Makes the subvolume at <paramref name="path"/> read-only or writable (BTRFS_IOC_SUBVOL_SETFLAGS). Making a
    /// received subvolume writable keeps its received UUID, which breaks later incremental receives; btrfs-progs
    /// refuses that without <c>-f</c>, and so does this method unless <paramref name="force"/> is set.
    /// </summary>
    /// <param name="path">The subvolume's root directory.</param>
    /// <param name="readOnly">The wanted state.</param>
    /// <param name="force">Allow making a received subvolume writable.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is not a subvolume root.</exception>
    /// <exception cref="InvalidOperationException">The subvolume was received and <paramref name="force"/> is false.</exception>
    /// <exception cref="UnauthorizedAccessException">Not the owner of the subvolume.</exception>
    public static void SetReadOnly(string path, bool readOnly, bool force = false)
    {
        using var handle = OpenRoot(path);
        var flags = BtrfsIoctl.GetFlags(handle, path);
        var wanted = readOnly ? flags | BtrfsAbi.SubvolRdOnly : flags & ~BtrfsAbi.SubvolRdOnly;
        if (wanted == flags)
        {
            return;
        }

        if (!readOnly && !force && SubvolumeInfoReader.Read(handle, path).ReceivedUuid is not null)
        {
            throw new InvalidOperationException($"'{path}' was received (it has a received UUID); making it writable breaks incremental receive. Pass force to do it anyway.");
        }

        BtrfsIoctl.SetFlags(handle, wanted, path);
    }

    private static SafeFileHandle OpenRoot(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var handle = NativeFiles.OpenDirectory(path);
        try
        {
            NativeFiles.EnsureBtrfs(handle, path);
            EnsureSubvolumeRoot(handle, path);
            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static void EnsureSubvolumeRoot(SafeFileHandle handle, string path)
    {
        if (NativeFiles.Stat(handle, path).Inode != BtrfsAbi.FirstFreeObjectId)
        {
            throw new ArgumentException($"'{path}' is a directory inside a subvolume, not the root of a subvolume.", nameof(path));
        }
    }
}
