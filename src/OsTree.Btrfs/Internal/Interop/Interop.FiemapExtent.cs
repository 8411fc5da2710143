using System.Runtime.InteropServices;

namespace OsTree.Btrfs.Internal.Interop;

internal static partial class Interop
{
    /// <summary><c>struct fiemap_extent</c> (56 bytes).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 56)]
    internal struct FiemapExtent
    {
        [FieldOffset(0)] public ulong Logical;
        [FieldOffset(8)] public ulong Physical;
        [FieldOffset(16)] public ulong Length;
        [FieldOffset(40)] public uint Flags;
    }
}
