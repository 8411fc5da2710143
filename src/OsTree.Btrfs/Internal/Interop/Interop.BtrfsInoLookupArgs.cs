using System.Runtime.InteropServices;

namespace OsTree.Btrfs.Internal.Interop;

internal static partial class Interop
{
    /// <summary><c>struct btrfs_ioctl_ino_lookup_args</c> (4096 bytes).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 4096)]
    internal unsafe struct BtrfsInoLookupArgs
    {
        [FieldOffset(0)] public ulong TreeId;
        [FieldOffset(8)] public ulong ObjectId;
        [FieldOffset(16)] public fixed byte Name[4080];
    }
}
