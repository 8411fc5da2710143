using System.Runtime.InteropServices;

namespace OsTree.Btrfs.Internal.Interop;

internal static partial class Interop
{
    /// <summary>
    /// The fixed head of <c>struct btrfs_ioctl_search_args_v2</c> (112 bytes); the caller's result buffer of
    /// <see cref="BufSize"/> bytes follows it directly in the same allocation.
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = 112)]
    internal struct BtrfsSearchArgsV2
    {
        [FieldOffset(0)] public BtrfsSearchKey Key;
        [FieldOffset(104)] public ulong BufSize;
    }
}
