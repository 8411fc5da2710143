using System.Runtime.InteropServices;

namespace OsTree.Btrfs.Internal.Interop;

internal static partial class Interop
{
    /// <summary><c>struct btrfs_ioctl_get_subvol_info_args</c> (504 bytes); timespecs are u64 seconds + u32 nanoseconds + 4 pad.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 504)]
    internal unsafe struct BtrfsGetSubvolInfoArgs
    {
        [FieldOffset(0)] public ulong TreeId;
        [FieldOffset(8)] public fixed byte Name[256];
        [FieldOffset(264)] public ulong ParentId;
        [FieldOffset(272)] public ulong DirId;
        [FieldOffset(280)] public ulong Generation;
        [FieldOffset(288)] public ulong Flags;
        [FieldOffset(296)] public fixed byte Uuid[16];
        [FieldOffset(312)] public fixed byte ParentUuid[16];
        [FieldOffset(328)] public fixed byte ReceivedUuid[16];
        [FieldOffset(344)] public ulong CTransId;
        [FieldOffset(352)] public ulong OTransId;
        [FieldOffset(360)] public ulong STransId;
        [FieldOffset(368)] public ulong RTransId;
        [FieldOffset(376)] public ulong CTimeSeconds;
        [FieldOffset(384)] public uint CTimeNanoseconds;
        [FieldOffset(392)] public ulong OTimeSeconds;
        [FieldOffset(400)] public uint OTimeNanoseconds;
        [FieldOffset(408)] public ulong STimeSeconds;
        [FieldOffset(424)] public ulong RTimeSeconds;
    }
}
