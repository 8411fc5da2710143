using System.Runtime.InteropServices;

namespace OsTree.Btrfs.Internal.Interop;

internal static partial class Interop
{
    /// <summary><c>struct btrfs_ioctl_vol_args</c> (4096 bytes): used by SNAP_DESTROY.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 4096)]
    internal unsafe struct BtrfsVolArgs
    {
        [FieldOffset(0)] public long Fd;
        [FieldOffset(8)] public fixed byte Name[4088];
    }
}
