using System.Runtime.InteropServices;

namespace OsTree.Btrfs.Internal.Interop;

internal static partial class Interop
{
    /// <summary><c>struct btrfs_ioctl_fs_info_args</c> (1024 bytes).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 1024)]
    internal unsafe struct BtrfsFsInfoArgs
    {
        [FieldOffset(0)] public ulong MaxId;
        [FieldOffset(8)] public ulong NumDevices;
        [FieldOffset(16)] public fixed byte Fsid[16];
        [FieldOffset(32)] public uint NodeSize;
        [FieldOffset(36)] public uint SectorSize;
        [FieldOffset(40)] public uint CloneAlignment;
        [FieldOffset(48)] public ulong Flags;
        [FieldOffset(56)] public ulong Generation;
    }
}
