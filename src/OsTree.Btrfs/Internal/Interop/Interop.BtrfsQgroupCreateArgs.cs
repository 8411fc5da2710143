using System.Runtime.InteropServices;

namespace OsTree.Btrfs.Internal.Interop;

internal static partial class Interop
{
    /// <summary><c>struct btrfs_ioctl_qgroup_create_args</c> (16 bytes): create 1 makes, 0 destroys.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 16)]
    internal struct BtrfsQgroupCreateArgs
    {
        [FieldOffset(0)] public ulong Create;
        [FieldOffset(8)] public ulong QgroupId;
    }
}
