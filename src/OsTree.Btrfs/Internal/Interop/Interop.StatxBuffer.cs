using System.Runtime.InteropServices;

namespace OsTree.Btrfs.Internal.Interop;

internal static partial class Interop
{
    internal const int AtSymlinkNoFollow = 0x100;
    internal const int AtEmptyPath = 0x1000;
    internal const uint StatxType = 0x1;
    internal const uint StatxMode = 0x2;
    internal const uint StatxNlink = 0x4;
    internal const uint StatxIno = 0x100;
    internal const uint StatxBasicStats = 0x7ff;
    internal const ushort SIfMt = 0xF000;
    internal const ushort SIfReg = 0x8000;
    internal const ushort SIfDir = 0x4000;

    /// <summary><c>struct statx</c> from <c>linux/stat.h</c> (the same layout on every architecture).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    internal struct StatxBuffer
    {
        [FieldOffset(0)] public uint Mask;
        [FieldOffset(16)] public uint LinkCount;
        [FieldOffset(28)] public ushort Mode;
        [FieldOffset(32)] public ulong Inode;
        [FieldOffset(40)] public ulong Size;
        [FieldOffset(48)] public ulong Blocks;
        [FieldOffset(136)] public uint DevMajor;
        [FieldOffset(140)] public uint DevMinor;

        public readonly bool IsRegularFile => (Mode & SIfMt) == SIfReg;

        public readonly bool IsDirectory => (Mode & SIfMt) == SIfDir;
    }
}
