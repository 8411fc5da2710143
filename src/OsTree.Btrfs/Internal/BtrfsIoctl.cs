using System.Text;
using Microsoft.Win32.SafeHandles;
using OsTree.Btrfs.Internal.Interop;
using static OsTree.Btrfs.Internal.Interop.Interop;

namespace OsTree.Btrfs.Internal;

/// <summary>Typed wrappers over the btrfs ioctls: argument structs filled and checked here, errno mapped by <see cref="IoErrors"/>.</summary>
internal static unsafe class BtrfsIoctl
{
    internal static void CreateSubvolume(SafeFileHandle parent, string name, string path)
    {
        var args = default(BtrfsVolArgsV2);
        WriteName(args.Name, BtrfsAbi.SubvolNameMax, name, path);
        IoErrors.Check(Ioctl(parent, Requests.BtrfsSubvolCreateV2, &args), "Creating the subvolume", path);
    }

    internal static void CreateSnapshot(SafeFileHandle destinationParent, string name, SafeFileHandle source, bool readOnly, string path)
    {
        var args = default(BtrfsVolArgsV2);
        var added = false;
        source.DangerousAddRef(ref added);
        try
        {
            args.Fd = source.DangerousGetHandle();
            args.Flags = readOnly ? BtrfsAbi.SubvolRdOnly : 0;
            WriteName(args.Name, BtrfsAbi.SubvolNameMax, name, path);
            IoErrors.Check(Ioctl(destinationParent, Requests.BtrfsSnapCreateV2, &args), "Creating the snapshot", path);
        }
        finally
        {
            if (added)
            {
                source.DangerousRelease();
            }
        }
    }

    internal static void DestroyByName(SafeFileHandle parent, string name, string path)
    {
        var args = default(BtrfsVolArgs);
        WriteName(args.Name, BtrfsAbi.PathNameMax, name, path);
        IoErrors.Check(Ioctl(parent, Requests.BtrfsSnapDestroy, &args), "Deleting the subvolume", path);
    }

    internal static void DestroyById(SafeFileHandle anyDirectory, ulong id, string path)
    {
        var args = default(BtrfsVolArgsV2);
        args.Flags = BtrfsAbi.SubvolSpecById;
        args.SubvolId = id;
        IoErrors.Check(Ioctl(anyDirectory, Requests.BtrfsSnapDestroyV2, &args), $"Deleting subvolume {id} on", path);
    }

    /// <summary>SNAP_DESTROY_V2 by id; false when the kernel predates it (ENOTTY), any other failure throws.</summary>
    internal static bool TryDestroyById(SafeFileHandle anyDirectory, ulong id, string path)
    {
        var args = default(BtrfsVolArgsV2);
        args.Flags = BtrfsAbi.SubvolSpecById;
        args.SubvolId = id;
        if (Ioctl(anyDirectory, Requests.BtrfsSnapDestroyV2, &args) == 0)
        {
            return true;
        }

        var errno = IoErrors.LastErrno;
        if (errno == Errno.ENOTTY)
        {
            return false;
        }

        IoErrors.Throw(errno, "Deleting the subvolume", path);
        return false;
    }

    /// <summary>The id of the subvolume holding the open file (INO_LOOKUP's unprivileged special case).</summary>
    internal static ulong GetSubvolumeId(SafeFileHandle handle, string path)
    {
        var args = default(BtrfsInoLookupArgs);
        args.TreeId = 0;
        args.ObjectId = BtrfsAbi.FirstFreeObjectId;
        IoErrors.Check(Ioctl(handle, Requests.BtrfsInoLookup, &args), "Looking up the subvolume of", path);
        return args.TreeId;
    }

    /// <summary>The path of directory <paramref name="directoryId"/> inside subvolume <paramref name="treeId"/>, "" for its root, else ending in '/'.</summary>
    internal static string LookupDirectoryPath(SafeFileHandle handle, ulong treeId, ulong directoryId, string path)
    {
        var args = default(BtrfsInoLookupArgs);
        args.TreeId = treeId;
        args.ObjectId = directoryId;
        IoErrors.Check(Ioctl(handle, Requests.BtrfsInoLookup, &args), "Resolving a directory of subvolume " + treeId + " on", path);
        var name = new ReadOnlySpan<byte>(args.Name, BtrfsAbi.InoLookupPathMax);
        var length = name.IndexOf((byte)0);
        return Encoding.UTF8.GetString(name[..(length < 0 ? name.Length : length)]);
    }

    internal static BtrfsGetSubvolInfoArgs GetSubvolumeInfo(SafeFileHandle handle, string path)
    {
        var args = default(BtrfsGetSubvolInfoArgs);
        IoErrors.Check(Ioctl(handle, Requests.BtrfsGetSubvolInfo, &args), "Reading the subvolume information of", path);
        return args;
    }

    internal static ulong GetFlags(SafeFileHandle subvolumeRoot, string path)
    {
        ulong flags = 0;
        IoErrors.Check(Ioctl(subvolumeRoot, Requests.BtrfsSubvolGetFlags, &flags), "Reading the subvolume flags of", path);
        return flags;
    }

    internal static void SetFlags(SafeFileHandle subvolumeRoot, ulong flags, string path)
        => IoErrors.Check(Ioctl(subvolumeRoot, Requests.BtrfsSubvolSetFlags, &flags), "Setting the subvolume flags of", path);

    internal static void SetDefaultSubvolume(SafeFileHandle handle, ulong id, string path)
        => IoErrors.Check(Ioctl(handle, Requests.BtrfsDefaultSubvol, &id), $"Setting the default subvolume to {id} on", path);

    internal static void Sync(SafeFileHandle handle, string path)
        => IoErrors.Check(Ioctl(handle, Requests.BtrfsSync, null), "Committing the btrfs transaction of", path);

    internal static Guid GetFilesystemId(SafeFileHandle handle, string path)
    {
        var args = default(BtrfsFsInfoArgs);
        IoErrors.Check(Ioctl(handle, Requests.BtrfsFsInfo, &args), "Reading the filesystem information of", path);
        return new Guid(new ReadOnlySpan<byte>(args.Fsid, 16), bigEndian: true);
    }

    internal static void QuotaControl(SafeFileHandle handle, ulong command, string path)
    {
        var args = new BtrfsQuotaCtlArgs { Cmd = command };
        IoErrors.Check(Ioctl(handle, Requests.BtrfsQuotaCtl, &args), command == BtrfsAbi.QuotaCtlEnable ? "Enabling quotas on" : "Disabling quotas on", path);
    }

    internal static void CreateQgroup(SafeFileHandle handle, ulong qgroupId, bool create, string path)
    {
        var args = new BtrfsQgroupCreateArgs { Create = create ? 1UL : 0UL, QgroupId = qgroupId };
        IoErrors.Check(Ioctl(handle, Requests.BtrfsQgroupCreate, &args), create ? "Creating a qgroup on" : "Destroying a qgroup on", path);
    }

    /// <summary>Adds or removes a qgroup relation. The kernel may answer with a positive value: counters need a rescan.</summary>
    internal static void AssignQgroup(SafeFileHandle handle, ulong child, ulong parent, bool assign, string path)
    {
        var args = new BtrfsQgroupAssignArgs { Assign = assign ? 1UL : 0UL, Source = child, Destination = parent };
        IoErrors.Check(Ioctl(handle, Requests.BtrfsQgroupAssign, &args), assign ? "Assigning a qgroup on" : "Removing a qgroup relation on", path);
    }

    /// <summary>Starts a quota rescan; false when one is already running (EINPROGRESS).</summary>
    internal static bool StartQuotaRescan(SafeFileHandle handle, string path)
    {
        var args = default(BtrfsQuotaRescanArgs);
        if (Ioctl(handle, Requests.BtrfsQuotaRescan, &args) < 0)
        {
            var errno = IoErrors.LastErrno;
            if (errno == Errno.EINPROGRESS)
            {
                return false;
            }

            IoErrors.Throw(errno, "Starting a quota rescan on", path);
        }

        return true;
    }

    /// <summary>Whether a quota rescan is running (QUOTA_RESCAN_STATUS flags non-zero).</summary>
    internal static bool IsQuotaRescanRunning(SafeFileHandle handle, string path)
    {
        var args = default(BtrfsQuotaRescanArgs);
        IoErrors.Check(Ioctl(handle, Requests.BtrfsQuotaRescanStatus, &args), "Reading the quota rescan status of", path);
        return args.Flags != 0;
    }

    private static void WriteName(byte* destination, int maxBytes, string name, string path)
    {
        NativeFiles.ValidateName(name, path);
        var target = new Span<byte>(destination, maxBytes + 1);
        if (Encoding.UTF8.GetByteCount(name) > maxBytes)
        {
            throw new PathTooLongException($"The subvolume name of '{path}' is longer than {maxBytes} bytes.");
        }

        var written = Encoding.UTF8.GetBytes(name, target);
        target[written] = 0;
    }
}
