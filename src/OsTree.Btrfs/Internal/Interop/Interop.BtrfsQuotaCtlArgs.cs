using System.Runtime.InteropServices;

namespace OsTree.Btrfs.Internal.Interop;

internal static partial class Interop
{
    /// <summary><c>struct btrfs_ioctl_quota_ctl_args</c> (16 bytes).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 16)]
    internal struct BtrfsQuotaCtlArgs
    {
        [FieldOffset(0)] public ulong Cmd;
        [FieldOffset(8)] public ulong Status;
    }
}
