using System.Runtime.InteropServices;

namespace OsTree.Btrfs.Internal.Interop;

internal static partial class Interop
{
    /// <summary><c>struct btrfs_ioctl_vol_args_v2</c> (4096 bytes): SUBVOL_CREATE_V2, SNAP_CREATE_V2, SNAP_DESTROY_V2.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 4096)]
    internal unsafe struct BtrfsVolArgsV2
    {
        [FieldOffset(0)] public long Fd;
        [FieldOffset(8)] public ulong TransId;
        [FieldOffset(16)] public ulong Flags;
        [FieldOffset(24)] public ulong Size;
        [FieldOffset(32)] public ulong QgroupInherit;
        [FieldOffset(56)] public fixed byte Name[4040];
        [FieldOffset(56)] public ulong SubvolId;
    }
}
