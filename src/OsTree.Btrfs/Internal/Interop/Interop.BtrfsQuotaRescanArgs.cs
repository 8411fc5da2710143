using System.Runtime.InteropServices;

namespace OsTree.Btrfs.Internal.Interop;

internal static partial class Interop
{
    /// <summary><c>struct btrfs_ioctl_quota_rescan_args</c> (64 bytes).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 64)]
    internal struct BtrfsQuotaRescanArgs
    {
        [FieldOffset(0)] public ulong Flags;
        [FieldOffset(8)] public ulong Progress;
    }
}
