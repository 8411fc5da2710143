using Microsoft.Win32.SafeHandles;
using static OsTree.Btrfs.Internal.Interop.Interop;

namespace OsTree.Btrfs.Internal;

/// <summary>
/// Refuses to delete a subvolume the system still uses. The kernel itself refuses the default subvolume (EPERM) and
/// the top level, but deletes a subvolume mounted elsewhere with <c>subvol=</c> without a word, leaving that mount
/// empty under its users; so every btrfs mount of the same filesystem (same fsid) is checked here.
/// </summary>
internal static class DeletionGuard
{
    internal static void EnsureDeletable(SafeFileHandle anyHandle, ulong subvolumeId, string path, string mountInfoPath = MountTable.DefaultPath)
    {
        if (subvolumeId == BtrfsAbi.FsTreeObjectId)
        {
            throw new BtrfsSubvolumeInUseException(subvolumeId, $"'{path}' is the top-level subvolume (5), which cannot be deleted.");
        }

        var defaultId = SubvolumeTree.GetDefault(anyHandle, path);
        if (defaultId == subvolumeId)
        {
            throw new BtrfsSubvolumeInUseException(subvolumeId, $"Subvolume {subvolumeId} ('{path}') is the default subvolume of its filesystem; set another default first.");
        }

        var fsid = BtrfsIoctl.GetFilesystemId(anyHandle, path);
        foreach (var mount in MountTable.Read(mountInfoPath))
        {
            if (mount.FilesystemType != "btrfs" || mount.SubvolumeId != subvolumeId)
            {
                continue;
            }

            Guid mountFsid;
            try
            {
                using var handle = NativeFiles.OpenDirectory(mount.MountPoint);
                mountFsid = BtrfsIoctl.GetFilesystemId(handle, mount.MountPoint);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
            {
                throw new BtrfsSubvolumeInUseException(subvolumeId, $"A btrfs subvolume with id {subvolumeId} is mounted at '{mount.MountPoint}' and that mount cannot be inspected ({e.Message}); refusing to delete '{path}'.");
            }

            if (mountFsid == fsid)
            {
                throw new BtrfsSubvolumeInUseException(subvolumeId, $"Subvolume {subvolumeId} ('{path}') is mounted at '{mount.MountPoint}' (subvol={mount.Root}); unmount it first.");
            }
        }
    }
}
