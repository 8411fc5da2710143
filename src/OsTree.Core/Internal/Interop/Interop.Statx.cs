using System.Runtime.InteropServices;

namespace OsTree.Internal.Interop;

internal static partial class Interop
{
    internal const int AtFdCwd = -100;
    internal const int AtSymlinkNoFollow = 0x100;
    internal const int AtEmptyPath = 0x1000;
    internal const uint StatxBasicStats = 0x7ff;
    internal const uint StatxType = 0x1;
    internal const uint StatxMode = 0x2;
    internal const uint StatxNlink = 0x4;
    internal const uint StatxUid = 0x8;
    internal const uint StatxGid = 0x10;
    internal const uint StatxIno = 0x100;
    internal const uint StatxSize = 0x200;

    /// <summary><c>struct statx</c> from <c>linux/stat.h</c>: the same layout on every architecture, unlike <c>struct stat</c>.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    internal struct StatxBuffer
    {
        [FieldOffset(0)] public uint Mask;
        [FieldOffset(4)] public uint BlockSize;
        [FieldOffset(16)] public uint LinkCount;
        [FieldOffset(20)] public uint Uid;
        [FieldOffset(24)] public uint Gid;
        [FieldOffset(28)] public ushort Mode;
        [FieldOffset(32)] public ulong Inode;
        [FieldOffset(40)] public ulong Size;
        [FieldOffset(48)] public ulong Blocks;
        [FieldOffset(96)] public long CtimeSeconds;
        [FieldOffset(104)] public uint CtimeNanoseconds;
        [FieldOffset(112)] public long MtimeSeconds;
        [FieldOffset(120)] public uint MtimeNanoseconds;
        [FieldOffset(128)] public uint RdevMajor;
        [FieldOffset(132)] public uint RdevMinor;
        [FieldOffset(136)] public uint DevMajor;
        [FieldOffset(140)] public uint DevMinor;

        public readonly ulong Device => ((ulong)DevMajor << 32) | DevMinor;
    }

    [LibraryImport(Libraries.Libc, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Statx(int dirfd, string path, int flags, uint mask, out StatxBuffer buffer);

    /// <summary><c>statx(2)</c> relative to a directory handle; <paramref name="path"/> is NUL-terminated UTF-8 (empty with <see cref="AtEmptyPath"/>).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "statx", SetLastError = true)]
    internal static unsafe partial int Statx(SafeHandle dirfd, byte* path, int flags, uint mask, out StatxBuffer buffer);
}
