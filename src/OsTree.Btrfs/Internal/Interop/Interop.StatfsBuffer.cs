using System.Runtime.InteropServices;

namespace OsTree.Btrfs.Internal.Interop;

internal static partial class Interop
{
    internal const long BtrfsSuperMagic = 0x9123683E;

    /// <summary><c>struct statfs</c> of the 64-bit ABIs (x86-64, arm64): every field a <c>long</c>-sized word, 120 bytes.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 120)]
    internal struct StatfsBuffer
    {
        [FieldOffset(0)] public long Type;
        [FieldOffset(8)] public long BlockSize;
        [FieldOffset(16)] public ulong Blocks;
        [FieldOffset(24)] public ulong BlocksFree;
        [FieldOffset(32)] public ulong BlocksAvailable;
    }
}
