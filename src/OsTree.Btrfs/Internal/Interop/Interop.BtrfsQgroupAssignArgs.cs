using System.Runtime.InteropServices;

namespace OsTree.Btrfs.Internal.Interop;

internal static partial class Interop
{
    /// <summary><c>struct btrfs_ioctl_qgroup_assign_args</c> (24 bytes): assign 1 adds src to dst, 0 removes.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 24)]
    internal struct BtrfsQgroupAssignArgs
    {
        [FieldOffset(0)] public ulong Assign;
        [FieldOffset(8)] public ulong Source;
        [FieldOffset(16)] public ulong Destination;
    }
}
