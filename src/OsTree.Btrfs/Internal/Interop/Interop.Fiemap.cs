using System.Runtime.InteropServices;

namespace OsTree.Btrfs.Internal.Interop;

internal static partial class Interop
{
    /// <summary><c>struct fiemap</c> head (32 bytes); <see cref="FiemapExtent"/> entries follow it in the same allocation.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 32)]
    internal struct Fiemap
    {
        [FieldOffset(0)] public ulong Start;
        [FieldOffset(8)] public ulong Length;
        [FieldOffset(16)] public uint Flags;
        [FieldOffset(20)] public uint MappedExtents;
        [FieldOffset(24)] public uint ExtentCount;
    }
}
